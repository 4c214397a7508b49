import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import type { OpenedStore } from "../policy/helpers.js";
import {
  answerPoll,
  cancelInLedger,
  createdVideos,
  type VideoHarness,
  videoHarness,
} from "./video-harness.js";

/** Watching a created transcode: progress, Theta's verdicts, the deadline, and races with a cancel. */
let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ videoTiming: { processingMs: 60_000 }, warmup: [] });
});
afterAll(() => double.close());
const opened: OpenedStore[] = [];
afterEach(async () => {
  vi.useRealTimers();
  double.reset();
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

/** A created transcode (state submitted) and its Theta id. */
async function submitted(s: VideoHarness, name: string, deadlineMs?: number) {
  const id = s.id(name);
  const d = await s.job(id, deadlineMs === undefined ? {} : { deadlineMs });
  await s.step(id, d);
  const e = await s.get(id);
  expect(e.state).toBe("submitted");
  return { id, d: { ...d, step: 1 }, videoId: e.upstreamId! };
}

describe("video polling", () => {
  it("reports Theta's transcode percentage to queue listeners, and no number when Theta gives none", async () => {
    const s = await videoHarness(double, opened);
    const { id, d, videoId } = await submitted(s, "pct");
    answerPoll(double, videoId, { state: "processing", progress: 40 });
    expect(await s.step(id, d)).toMatchObject({ kind: "delay", data: { step: 2 } });
    answerPoll(double, videoId, { state: "processing", progress: null });
    await s.step(id, { ...d, step: 2 });
    expect(s.events.get(id)?.slice(1)).toEqual([
      { stage: "transcoding", percent: 40 },
      { stage: "transcoding", percent: undefined },
    ]);
  });

  it("posts only the links Theta returned, as a success", async () => {
    const s = await videoHarness(double, opened);
    const { id, d, videoId } = await submitted(s, "links");
    answerPoll(double, videoId, { state: "success", playback_uri: "https://media.example/m.m3u8" });
    await s.step(id, d);
    expect(await s.get(id)).toMatchObject({
      state: "delivered",
      outcome: "success",
      outputUrls: ["https://media.example/m.m3u8"],
    });
    expect(s.sink.results.map((r) => [r.outcome, r.result.outputUrls, r.files])).toEqual([
      ["success", ["https://media.example/m.m3u8"], []],
    ]);
  });

  it("Theta's 'failed' state ends the job with that reason", async () => {
    const s = await videoHarness(double, opened);
    const { id, d, videoId } = await submitted(s, "failed");
    answerPoll(double, videoId, { state: "failed" });
    await s.step(id, d);
    expect(await s.get(id)).toMatchObject({
      state: "failed",
      error: {
        code: "video_transcode_failed",
        message: `Theta Video could not transcode ${videoId} (failed).`,
      },
    });
    expect(s.sink.results.map((r) => r.outcome)).toEqual(["failed"]);
  });

  it("a status read Theta refuses outright (404) ends the job at once instead of polling on", async () => {
    const s = await videoHarness(double, opened);
    const { id, d, videoId } = await submitted(s, "gone");
    double.fault({ method: "GET", path: `/video/video/${videoId}`, status: 404, times: 1 });
    expect(await s.step(id, d)).toMatchObject({ kind: "done" });
    expect((await s.get(id)).state).toBe("failed");
    expect(s.sink.results.map((r) => r.outcome)).toEqual(["failed"]);
  });

  it("exactly at the deadline it still polls, whether or not the status could be read", async () => {
    const s = await videoHarness(double, opened);
    const { id, d } = await submitted(s, "edge", 60_000);
    vi.useFakeTimers({ toFake: ["Date"] });
    await s.ledger.transition(id, ["submitted"], "submitted", { submittedAt: Date.now() - 60_000 });
    expect(await s.step(id, d)).toMatchObject({ kind: "delay", data: { step: 2 } });
    double.fault({ method: "GET", path: /^\/video\/video\//, status: 503, times: 1, body: "down" });
    expect(await s.step(id, { ...d, step: 2 })).toMatchObject({ kind: "delay", data: { step: 3 } });
    expect((await s.get(id)).state).toBe("submitted");
    expect(s.sink.results).toEqual([]);
  });
});

describe("video job found in a later state", () => {
  it.each(["done", "delivering"] as const)(
    "found %s, its links are posted once without files",
    async (state) => {
      const s = await videoHarness(double, opened);
      const id = s.id(state);
      const d = await s.job(id);
      const urls = ["https://media.example/x.m3u8"];
      await s.ledger.transition(id, ["queued"], state, { upstreamId: "video_x", outputUrls: urls });
      await s.step(id, d);
      expect(await s.get(id)).toMatchObject({ state: "delivered", outcome: "success" });
      expect(s.sink.results.map((r) => [r.outcome, r.result.outputUrls, r.files])).toEqual([
        ["success", urls, []],
      ]);
      expect(double.requests).toEqual([]);
    },
  );

  it("found already ended, it is left alone", async () => {
    const s = await videoHarness(double, opened);
    const id = s.id("ended");
    const d = await s.job(id);
    await s.ledger.transition(id, ["queued"], "failed");
    expect(await s.step(id, d)).toEqual({ kind: "done", result: { state: "failed" } });
    expect(s.sink.results).toEqual([]);
    expect(double.requests).toEqual([]);
  });
});

describe("video step interrupted", () => {
  it("a worker shutting down never ends the job on an error: the next worker picks it up", async () => {
    const s = await videoHarness(double, opened);
    const { id, d, videoId } = await submitted(s, "shutdown");
    double.fault({ method: "GET", path: `/video/video/${videoId}`, status: 404, times: 1 });
    const stop = new AbortController();
    stop.abort(new BotError({ code: "queue_closing", family: "jobs", message: "The worker is closing." }));
    await expect(s.step(id, d, stop.signal)).rejects.toThrow();
    expect((await s.get(id)).state).toBe("submitted");
    expect(s.sink.results).toEqual([]);
  });

  it("a result post that fails is retried by the next run, which posts it once", async () => {
    let failures = 1;
    const s = await videoHarness(double, opened, (sink) => ({
      postProgress: (o, c) => sink.postProgress(o, c),
      async postResult(o, r, m) {
        if (failures-- > 0) throw new Error("chat platform down");
        await sink.postResult(o, r, m);
      },
    }));
    const { id, d, videoId } = await submitted(s, "repost");
    answerPoll(double, videoId, { state: "success", playback_uri: "https://media.example/r.m3u8" });
    await expect(s.step(id, d)).rejects.toThrow("chat platform down");
    expect((await s.get(id)).state).toBe("delivering");
    await s.step(id, d);
    expect(await s.get(id)).toMatchObject({ state: "delivered", outcome: "success" });
    expect(s.sink.results.map((r) => r.outcome)).toEqual(["success"]);
  });

  it("cancelled while Theta creates the video, the run keeps to its schedule and the next look ends it", async () => {
    const s = await videoHarness(double, opened);
    const id = s.id("cancel-create");
    const d = await s.job(id);
    s.ledger.beforeMoveTo("submitted", async () => {
      await cancelInLedger(s.ledger, id);
    });
    expect(await s.step(id, d)).toEqual({ kind: "delay", delayMs: 1000, data: { ...d, step: 1 } });
    expect(createdVideos(double)).toHaveLength(1);
    expect(await s.step(id, { ...d, step: 1 })).toEqual({ kind: "done", result: { state: "cancelled" } });
    expect(createdVideos(double)).toHaveLength(1);
  });

  it("cancelled while the finished status is read, nothing is posted", async () => {
    const s = await videoHarness(double, opened);
    const { id, d, videoId } = await submitted(s, "cancel-done");
    answerPoll(double, videoId, { state: "success", playback_uri: "https://media.example/c.m3u8" });
    s.ledger.beforeMoveTo("done", async () => {
      await cancelInLedger(s.ledger, id);
    });
    expect(await s.step(id, d)).toEqual({ kind: "delay", delayMs: 0 });
    expect(await s.step(id, d)).toEqual({ kind: "done", result: { state: "cancelled" } });
    expect(s.sink.results).toEqual([]);
    expect((await s.get(id)).state).toBe("cancelled");
  });
});
