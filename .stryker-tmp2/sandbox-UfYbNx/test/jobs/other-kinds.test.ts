// @ts-nocheck
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createThetaDouble, MP4, type ThetaDouble } from "../doubles/theta/index.js";
import { cliOrigin, type JobStack, startJobStack } from "../helpers/job-stack.js";

let double: ThetaDouble;
let stack: JobStack;
beforeAll(async () => {
  double = await createThetaDouble({
    inferTiming: { pendingMs: 20, processingMs: 40 },
    videoTiming: { processingMs: 300 },
    warmup: [],
  });
});
afterAll(() => double.close());
afterEach(async () => {
  await stack.close();
  double.reset();
});

describe("readiness jobs", () => {
  it("probe through 404 → 502 warm-up with auth, then tell the requester the endpoint is ready", async () => {
    stack = await startJobStack(double, { env: { THETA_INFERENCE_READY_INTERVAL_MS: "100" } });
    double.setWarmup([404, 502]);
    await stack.service.submit({
      id: "ready-1",
      kind: "readiness",
      title: "Endpoint readiness",
      origin: cliOrigin,
      data: { probe: "openai" },
    });
    const final = await stack.service.waitFor("ready-1");
    expect(final.state).toBe("delivered");
    expect(stack.sink.results[0]!.result.text).toMatch(/is ready \(3 probes: 404 → 502 → ok\)/);
    const probes = double.requests.filter((r) => r.path === "/dedicated/v1/models");
    expect(probes).toHaveLength(3);
    expect(probes.every((r) => r.headers.authorization?.startsWith("Basic "))).toBe(true);
  });

  it("gives up at its deadline with a clear message", async () => {
    stack = await startJobStack(double, { env: { THETA_INFERENCE_READY_INTERVAL_MS: "100" } });
    double.setWarmup(Array(200).fill(503));
    await stack.service.submit({
      id: "ready-2",
      kind: "readiness",
      title: "Endpoint readiness",
      origin: cliOrigin,
      data: { probe: "openai", deadlineMs: 600 },
    });
    const final = await stack.service.waitFor("ready-2");
    expect(final.state).toBe("failed");
    expect(final.error?.message).toMatch(/still warming up/);
  });

  it("wrong endpoint credentials fail at once instead of waiting out the window", async () => {
    stack = await startJobStack(double, { env: { THETA_INFERENCE_AUTH_PASS: "wrong-password-123" } });
    await stack.service.submit({
      id: "ready-3",
      kind: "readiness",
      title: "Endpoint readiness",
      origin: cliOrigin,
      data: { probe: "openai" },
    });
    const final = await stack.service.waitFor("ready-3");
    expect(final).toMatchObject({ state: "failed", error: { code: "theta_unauthorized" } });
  });
});

describe("Theta Video transcode jobs", () => {
  it("upload → create once → poll until success → post the playback links", async () => {
    stack = await startJobStack(double);
    // A local file (the operator CLI's case); chat attachments take the same upload path by URL.
    const source = { path: writeTemp(MP4) };
    await stack.service.submit({
      id: "vid-1",
      kind: "video",
      title: "transcode",
      origin: { ...cliOrigin, platform: "cli" },
      data: { source, fileName: "clip.mp4" },
    });
    const final = await stack.service.waitFor("vid-1");
    expect(final.state).toBe("delivered");
    expect(final.upstreamId).toMatch(/^video_/);
    expect(final.outputUrls?.[0]).toMatch(/master\.m3u8$/);
    expect(double.count("POST", "/video/video")).toBe(1);
    const put = double.requests.find((r) => r.method === "PUT" && r.path.startsWith("/gcs/tva/"));
    expect(put?.body).toEqual({ bytes: MP4.length });
  });

  it("a source_uri is passed to Theta without uploading; a local path from chat is refused", async () => {
    stack = await startJobStack(double);
    await stack.service.submit({
      id: "vid-2",
      kind: "video",
      title: "from url",
      origin: cliOrigin,
      data: { source: { uri: "https://example.com/clip.mp4" } },
    });
    const final = await stack.service.waitFor("vid-2");
    expect(final.state).toBe("delivered");
    const created = double.requests.find((r) => r.method === "POST" && r.path === "/video/video");
    expect(created?.body).toMatchObject({
      source_uri: "https://example.com/clip.mp4",
      playback_policy: "public",
    });
    expect(double.count("POST", "/video/upload")).toBe(0);
    await stack.service.submit({
      id: "vid-3",
      kind: "video",
      title: "sneaky",
      origin: { ...cliOrigin, platform: "discord" },
      data: { source: { path: "/etc/passwd" } },
    });
    const refused = await stack.service.waitFor("vid-3");
    expect(refused).toMatchObject({ state: "failed", error: { code: "video_source_refused" } });
  });
});

function writeTemp(bytes: Buffer): string {
  const p = join(mkdtempSync(join(tmpdir(), "tb-vid-")), "clip.mp4");
  writeFileSync(p, bytes);
  return p;
}
