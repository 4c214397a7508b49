import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ledger, LedgerEntry } from "../../src/jobs/ledger.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import type { OpenedStore } from "../policy/helpers.js";
import { CREATE, createdVideos, origin, videoHarness } from "./video-harness.js";

/** One step of a Theta Video transcode at a time: create once, poll, end at the deadline, post links. */
let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ videoTiming: { processingMs: 60_000 }, warmup: [] });
});
afterAll(() => double.close());

const opened: OpenedStore[] = [];
afterEach(async () => {
  double.reset();
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

const setup = () => videoHarness(double, opened);
const get = async (l: Ledger, id: string) => (await l.get(id)) as LedgerEntry;
const created = () => createdVideos(double);

describe("video step", () => {
  it("creates the video once from a public URL with the options given, then polls after the base interval", async () => {
    const s = await setup();
    const d = await s.job("v1", {
      playbackPolicy: "private",
      resolutions: [720],
      metadata: { a: 1 },
      fileName: "c.mp4",
    });
    const r = await s.step("v1", d);
    expect(r).toEqual({ kind: "delay", delayMs: 1000, data: { ...d, step: 1 } });
    expect(created()).toHaveLength(1);
    expect(created()[0]?.body).toEqual({
      source_uri: "https://example.com/clip.mp4",
      playback_policy: "private",
      resolutions: [720],
      metadata: { a: 1 },
      file_name: "c.mp4",
    });
    const e = await get(s.ledger, "v1");
    expect(e.state).toBe("submitted");
    expect(e.upstreamId).toMatch(/^video_/);
  });

  it("defaults to public playback and sends no empty options; an upload id is passed as is", async () => {
    const s = await setup();
    await s.step("v2", await s.job("v2", { source: { uploadId: "upload_abc" } }));
    expect(created()[0]?.body).toEqual({ source_upload_id: "upload_abc", playback_policy: "public" });
    expect(double.count("POST", "/video/upload")).toBe(0);
  });

  it("a local file from chat is refused and nothing is created", async () => {
    const s = await setup();
    const d = await s.job("v3", { source: { path: "/etc/passwd" } }, { ...origin, platform: "discord" });
    await s.step("v3", d);
    expect(await get(s.ledger, "v3")).toMatchObject({
      state: "failed",
      error: { code: "video_source_refused", message: "Only the operator CLI may upload local files." },
    });
    expect(created()).toHaveLength(0);
  });

  it("a refused create fails and is not charged; an unreadable answer is ambiguous", async () => {
    const s = await setup();
    double.fault({ method: "POST", path: CREATE, status: 400, times: 1, body: { message: "bad source" } });
    await s.step("v4", await s.job("v4"));
    const failed = await get(s.ledger, "v4");
    expect(failed.state).toBe("failed");
    expect(failed.error?.message).toMatch(/Nothing was charged\.$/);
    double.fault({ method: "POST", path: CREATE, status: 502, times: 1, body: "<html>bad gateway</html>" });
    await s.step("v5", await s.job("v5"));
    const amb = await get(s.ledger, "v5");
    expect(amb.state).toBe("ambiguous");
    expect(amb.error?.message).toMatch(/^The request for the transcode may have been accepted by Theta/);
    expect(amb.error?.message).toMatch(/Check theta\.video\.list before retrying\.$/);
  });

  it("an ambiguous create quotes Theta's answer whole, dropping only its final full stop", async () => {
    const s = await setup();
    double.fault({ method: "POST", path: CREATE, status: 500, times: 1, body: "transcoder v2.1 crashed." });
    await s.step("v4b", await s.job("v4b"));
    const amb = await get(s.ledger, "v4b");
    expect(amb.state).toBe("ambiguous");
    expect(amb.error?.message).toContain(
      "no usable answer came back (Theta answered 500 on POST /video: transcoder v2.1 crashed). It was not sent again",
    );
  });

  it("a job found mid-create is ambiguous and not created again", async () => {
    const s = await setup();
    const d = await s.job("v6");
    await s.ledger.transition("v6", ["queued"], "submitting");
    await s.step("v6", d);
    expect(await get(s.ledger, "v6")).toMatchObject({
      state: "ambiguous",
      error: {
        code: "ambiguous_submission",
        message:
          "A worker stopped while creating the video; it was not created again. Check theta.video.list before retrying.",
      },
    });
    expect(created()).toHaveLength(0);
  });

  it("polls with a growing interval while transcoding, and ends at the deadline with where to look", async () => {
    const s = await setup();
    const d = await s.job("v7", { deadlineMs: 60_000 });
    await s.step("v7", d);
    const r = await s.step("v7", { ...d, step: 1 });
    expect(r).toEqual({ kind: "delay", delayMs: 1500, data: { ...d, step: 2 } });
    await s.ledger.transition("v7", ["submitted"], "submitted", { submittedAt: Date.now() - 3 * 60_000 });
    await s.step("v7", { ...d, step: 2 });
    const e = await get(s.ledger, "v7");
    expect(e).toMatchObject({ state: "failed", outcome: "timeout" });
    expect(e.error?.message).toBe(
      `Video ${e.upstreamId} is still transcoding after 3 min; check it later with theta.video.videoGet.`,
    );
  });

  it("failed status reads back off, and past the deadline end with the reason", async () => {
    const s = await setup();
    const d = await s.job("v8", { deadlineMs: 60_000 });
    await s.step("v8", d);
    double.fault({ method: "GET", path: /^\/video\/video\//, status: 503, body: "down" });
    const r = await s.step("v8", { ...d, step: 3 });
    expect(r).toEqual({ kind: "delay", delayMs: 3375, data: { ...d, step: 4 } });
    await s.ledger.transition("v8", ["submitted"], "submitted", { submittedAt: Date.now() - 2 * 60_000 });
    await s.step("v8", { ...d, step: 4 });
    const e = await get(s.ledger, "v8");
    expect(e.state).toBe("failed");
    expect(e.error?.code).toBe("job_deadline");
    expect(e.error?.message).toMatch(
      new RegExp(
        `^Video ${e.upstreamId}'s status could not be read for 2 min \\(.+\\); it may still finish and be billed\\. Check it later with \`theta-bot op theta\\.video\\.videoGet --videoId ${e.upstreamId}\`\\.$`,
      ),
    );
  });

  it("a finished transcode is posted once as links, without downloading the video", async () => {
    const s = await setup();
    const d = await s.job("v9");
    await s.step("v9", d);
    const id = (await get(s.ledger, "v9")).upstreamId!;
    double.fault({
      method: "GET",
      path: `/video/video/${id}`,
      status: 200,
      times: 1,
      body: {
        status: "success",
        body: {
          videos: [
            {
              id,
              state: "success",
              playback_uri: "https://media.example/master.m3u8",
              player_uri: "https://player.example/v",
            },
          ],
        },
      },
    });
    await s.step("v9", { ...d, step: 1 });
    const e = await get(s.ledger, "v9");
    expect(e).toMatchObject({
      state: "delivered",
      outputUrls: ["https://media.example/master.m3u8", "https://player.example/v"],
      text: `Video ${id} is ready.`,
    });
    expect(s.sink.results).toHaveLength(1);
    expect(s.sink.results[0]?.files).toEqual([]);
  });

  it("a transcode Theta could not do ends with its reason", async () => {
    const s = await setup();
    const d = await s.job("v10");
    await s.step("v10", d);
    const id = (await get(s.ledger, "v10")).upstreamId!;
    double.fault({
      method: "GET",
      path: `/video/video/${id}`,
      status: 200,
      times: 1,
      body: { status: "success", body: { videos: [{ id, state: "error", sub_state: "bad_codec" }] } },
    });
    await s.step("v10", { ...d, step: 1 });
    expect(await get(s.ledger, "v10")).toMatchObject({
      state: "failed",
      error: {
        code: "video_transcode_failed",
        message: `Theta Video could not transcode ${id} (bad_codec).`,
      },
    });
  });
});
