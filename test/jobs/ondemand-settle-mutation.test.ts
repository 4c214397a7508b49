import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIVE, MP4, PNG, type ThetaDouble, WAV } from "../doubles/theta/index.js";
import { type Harness, openHarness, useThetaDouble } from "./ondemand-harness.js";

/**
 * Settling an on-demand job: a request Theta finishes at once (sync services) is recorded done
 * with its cost and delivered in the same step; what is delivered is checked against the kind of
 * media the service makes; a job found done or mid-delivery (a worker died) is delivered.
 */
let double: ThetaDouble;
const opened = useThetaDouble({ pendingMs: 0, processingMs: 0 }, (d) => (double = d));

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const OUTPUTS = /^\/outputs\//;
/** A 200 that is not media: what an output host might serve in place of the file. */
const notMedia = () =>
  double.fault({
    method: "GET",
    path: OUTPUTS,
    status: 200,
    body: "just text",
    headers: { "content-type": "text/plain" },
  });
/** Theta's answer to the POST: already finished, with this cost and output. */
function finishedAnswer(service: string, request: Record<string, unknown>) {
  double.fault({
    method: "POST",
    path: `/ondemand/infer_request/${service}`,
    status: 200,
    times: 1,
    body: {
      status: "success",
      body: { infer_requests: [{ id: "infr_rqst_sync", state: "success", ...request }] },
    },
  });
}

describe("a request Theta finishes at once", () => {
  it("is recorded done with Theta's id and cost, delivered in the same step, and counted once", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("sync");
    await s.ledger.transition("sync", ["queued"], "queued", { createdAt: Date.now() - 4000 });
    const r = await s.step("sync", d);
    expect(r.kind).toBe("done");
    const e = await s.get("sync");
    expect(e.state).toBe("delivered");
    expect(e.upstreamId).toMatch(/^infr_rqst_/);
    expect(e.submittedAt).toBeGreaterThan(0);
    expect(e.cost).toEqual({ amount: 0.01, currency: "USD", source: "theta" });
    expect(s.sink.results).toHaveLength(1);
    expect(s.sink.results[0]!.outcome).toBe("success");
    expect(s.sink.results[0]!.files.map((f) => f.sha256)).toEqual([sha(PNG)]);
    expect(s.sink.results[0]!.result.cost?.amount).toBe(0.01);
    expect(s.stages.map((x) => x.stage)).toEqual(["submitting", "delivering"]);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    expect(double.count("GET", /^\/ondemand\/infer_request\//)).toBe(0);
    expect(s.finished).toHaveLength(1);
    const ev = s.finished[0]!;
    expect(ev).toMatchObject({
      kind: "ondemand",
      service: "flux",
      outcome: "success",
      tenant: "test:t1",
      costUsd: 0.01,
    });
    expect(ev.seconds).toBeGreaterThanOrEqual(4);
    expect(ev.seconds).toBeLessThan(30);
  });

  it.each([
    ["input and output", { input: 0.002, output: 0.01 }, 0.012],
    ["output only", { output: 0.01 }, 0.01],
    ["input only", { input: 0.002 }, 0.002],
  ])("its cost adds Theta's input and output parts (%s)", async (_n, cost_usd, amount) => {
    const s = await openHarness(double, opened);
    finishedAnswer("flux", { cost_usd, output: { text: "made" } });
    const d = await s.job("cost");
    await s.step("cost", d);
    const e = await s.get("cost");
    expect(e.state).toBe("delivered");
    expect(e.text).toBe("made");
    expect(e.cost?.amount).toBeCloseTo(amount, 10);
    expect(e.cost).toMatchObject({ currency: "USD", source: "theta" });
    expect(s.finished[0]!.costUsd).toBeCloseTo(amount, 10);
  });

  it.each([
    ["no cost at all", {}],
    ["a zero cost", { cost_usd: { input: 0, output: 0 } }],
  ])("with %s nothing is recorded as charged", async (_n, extra) => {
    const s = await openHarness(double, opened);
    finishedAnswer("flux", { ...extra, output: { text: "made" } });
    const d = await s.job("free");
    await s.step("free", d);
    const e = await s.get("free");
    expect(e.state).toBe("delivered");
    expect(e.cost).toBeUndefined();
    expect(s.sink.results[0]!.result.cost).toBeUndefined();
    expect(s.finished[0]).not.toHaveProperty("costUsd");
  });

  it("a request Theta answers as already failed ends at once with Theta's reason, never polled", async () => {
    const s = await openHarness(double, opened);
    finishedAnswer("flux", { state: "error", error_message: "NSFW filter" });
    const d = await s.job("syncfail");
    const r = await s.step("syncfail", d);
    expect(r.kind).toBe("done");
    const e = await s.get("syncfail");
    expect(e.state).toBe("failed");
    expect(e.error).toEqual({ code: "theta_request_failed", message: "flux failed on Theta: NSFW filter" });
    expect(s.sink.results[0]!.result.error?.message).toBe("flux failed on Theta: NSFW filter");
    expect(double.count("GET", /^\/ondemand\/infer_request\//)).toBe(0);
  });
});

describe("what is delivered must be the kind of media the service makes", () => {
  async function run(
    s: Harness,
    service: string,
    input: Record<string, unknown>,
    mediaKind?: "any" | "image",
  ) {
    const d = await s.job(service, { service, input, ...(mediaKind ? { mediaKind } : {}) });
    await s.step(service, d);
    return s.get(service);
  }
  const CASES: Array<[string, Record<string, unknown>, Buffer, string]> = [
    ["flux", { prompt: "a fox" }, PNG, "an image (image/*)"],
    ["step_video", { prompt: "a fox running" }, MP4, "a video"],
    ["kokoro_82m", { text: "hello", voice: "af_sky" }, WAV, "audio (audio/*)"],
    // A vision service's picture (boxes drawn on the input) is an image.
    [
      "grounding_dino",
      { input_img: "https://127.0.0.1/in.png", detection_prompt: "fox" },
      PNG,
      "an image (image/*)",
    ],
  ];

  it.each(CASES)("%s: its output is delivered byte-identical", async (service, input, bytes) => {
    double.setLiveServices([...DEFAULT_LIVE, "kokoro_82m"]);
    const s = await openHarness(double, opened);
    const e = await run(s, service, input);
    expect(e.state).toBe("delivered");
    expect(s.sink.results[0]!.files.map((f) => f.sha256)).toEqual([sha(bytes)]);
  });

  it.each(CASES)(
    "%s: a text page in place of its output is refused, naming what was expected",
    async (service, input, _b, label) => {
      double.setLiveServices([...DEFAULT_LIVE, "kokoro_82m"]);
      const s = await openHarness(double, opened);
      notMedia();
      const e = await run(s, service, input);
      expect(e.state).toBe("failed");
      expect(e.error?.code).toBe("media_bad_type");
      expect(e.error?.message).toContain(`is text/plain, not ${label}`);
      expect(s.sink.results).toHaveLength(1);
      expect(s.sink.results[0]!.outcome).toBe("failed");
      expect(s.sink.results[0]!.files).toEqual([]);
    },
  );

  it("the kind the request asked for wins over the catalog's", async () => {
    const s = await openHarness(double, opened);
    notMedia();
    const e = await run(s, "flux", { prompt: "a fox" }, "any");
    expect(e.state).toBe("delivered");
    expect(s.sink.results[0]!.files.map((f) => f.bytes)).toEqual([9]);
  });

  it("a service the catalog does not know takes whatever file Theta serves", async () => {
    const s = await openHarness(double, opened);
    finishedAnswer("mystery_model", { output: { file_url: `${double.url}/outputs/mystery/out.bin` } });
    notMedia();
    const e = await run(s, "mystery_model", { prompt: "x" });
    expect(e.state).toBe("delivered");
    expect(s.sink.results[0]!.files.map((f) => f.bytes)).toEqual([9]);
  });

  it("a service the catalog does not know still refuses an HTML error page in place of its file", async () => {
    const s = await openHarness(double, opened);
    finishedAnswer("mystery_model", { output: { file_url: `${double.url}/outputs/mystery/out.bin` } });
    double.fault({
      method: "GET",
      path: OUTPUTS,
      status: 200,
      body: "<html>oops</html>",
      headers: { "content-type": "text/html" },
    });
    const e = await run(s, "mystery_model", { prompt: "x" });
    expect(e.state).toBe("failed");
    expect(e.error?.message).toContain("is text/html, not a media file.");
  });
});

describe("a job a worker left done or mid-delivery", () => {
  it.each(["done", "delivering"] as const)("found %s: delivered once, as a success", async (state) => {
    const s = await openHarness(double, opened);
    const first = await s.job("first");
    await s.step("first", first);
    const { outputUrls, upstreamId } = await s.get("first");
    const d = await s.job("left", {}, "flux");
    await s.ledger.transition("left", ["queued"], "done", { outputUrls, upstreamId });
    if (state === "delivering") await s.ledger.transition("left", ["done"], "delivering");
    const r = await s.step("left", d);
    expect(r.kind).toBe("done");
    expect((await s.get("left")).state).toBe("delivered");
    const mine = s.sink.results.filter((x) => x.jobId === "left");
    expect(mine).toHaveLength(1);
    expect(mine[0]!.outcome).toBe("success");
    expect(mine[0]!.files.map((f) => f.sha256)).toEqual([sha(PNG)]);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });
});
