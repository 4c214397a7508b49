import { describe, expect, it } from "vitest";
import { PNG, type ThetaDouble } from "../doubles/theta/index.js";
import { openHarness, useThetaDouble } from "./ondemand-harness.js";

/**
 * File inputs of an on-demand job (an image to upscale, a clip to transcribe): each is uploaded
 * through Theta's presigned flow before the paid POST, which then names the uploaded file. When
 * the upload cannot be done, the job fails before anything is sent, so nothing is charged.
 */
let double: ThetaDouble;
const opened = useThetaDouble({ pendingMs: 0, processingMs: 0 }, (d) => (double = d));

const POST = "/ondemand/infer_request/esrgan";
const PRESIGN = "/ondemand/infer_request/esrgan/input_presigned_urls";
const puts = () => double.requests.filter((r) => r.method === "PUT" && r.path.startsWith("/gcs/ondemand/"));
const postedInput = () => {
  const post = double.requests.find((r) => r.method === "POST" && r.path === POST);
  return (post?.body as { input: Record<string, unknown> } | undefined)?.input;
};

describe("on-demand file inputs", () => {
  it("an attached file is uploaded first, and the POST names the uploaded file", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("up", {
      service: "esrgan",
      input: {},
      files: { input_img: { base64: PNG.toString("base64"), filename: "fox.png" } },
    });
    await s.step("up", d);
    expect((await s.get("up")).state).toBe("delivered");
    expect(s.stages.map((x) => x.stage)).toEqual(["uploading", "submitting", "delivering"]);
    expect(double.count("POST", PRESIGN)).toBe(1);
    expect(puts()).toHaveLength(1);
    expect((puts()[0]!.body as { bytes: number }).bytes).toBe(PNG.length);
    const filename = puts()[0]!.path.replace("/gcs/ondemand/", "");
    expect(postedInput()).toEqual({ input_img: filename });
    expect(double.count("POST", POST)).toBe(1);
  });

  it("a file given by URL is fetched and uploaded the same way", async () => {
    const s = await openHarness(double, opened);
    const src = await s.job("src");
    await s.step("src", src);
    const [url] = (await s.get("src")).outputUrls ?? [];
    const d = await s.job("byurl", { service: "esrgan", input: {}, files: { input_img: { url: url! } } });
    await s.step("byurl", d);
    expect((await s.get("byurl")).state).toBe("delivered");
    expect((puts()[0]!.body as { bytes: number }).bytes).toBe(PNG.length);
    expect(postedInput()?.input_img).toBe(puts()[0]!.path.replace("/gcs/ondemand/", ""));
  });

  it("a job without file inputs asks Theta for no upload URL", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("nofiles", { files: {} });
    await s.step("nofiles", d);
    expect((await s.get("nofiles")).state).toBe("delivered");
    expect(double.count("POST", /input_presigned_urls$/)).toBe(0);
    expect(s.stages.map((x) => x.stage)).not.toContain("uploading");
  });

  it("Theta gives no upload URL: the job fails before the paid POST, with the reason", async () => {
    const s = await openHarness(double, opened);
    double.fault({ method: "POST", path: PRESIGN, status: 200, body: { status: "success", body: {} } });
    const d = await s.job("nourl", {
      service: "esrgan",
      input: {},
      files: { input_img: { base64: PNG.toString("base64") } },
    });
    const r = await s.step("nourl", d);
    expect(r.kind).toBe("done");
    const e = await s.get("nourl");
    expect(e.state).toBe("failed");
    expect(e.error?.code).toBe("theta_bad_response");
    expect(e.error?.message).toMatch(/input_presigned_urls did not have the expected shape/);
    expect(s.sink.results[0]!.result.error?.code).toBe("theta_bad_response");
    expect(double.count("POST", POST)).toBe(0);
  });
});
