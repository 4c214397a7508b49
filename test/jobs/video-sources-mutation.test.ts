import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JobCard } from "../../src/core/present/job-card.js";
import { createThetaDouble, MP4, PNG, type ThetaDouble } from "../doubles/theta/index.js";
import type { OpenedStore } from "../policy/helpers.js";
import { cancelInLedger, createdVideos, origin, videoHarness } from "./video-harness.js";

/** Where a transcode's bytes come from: a chat attachment by URL, or (operator CLI) a local file. */
let double: ThetaDouble;
let files: Server;
let filesUrl: string;
let dir: string;
beforeAll(async () => {
  double = await createThetaDouble({ videoTiming: { processingMs: 60_000 }, warmup: [] });
  // A chat platform's attachment host (127.0.0.1 is an operator-listed output host in the double's env).
  files = createServer((req, res) => {
    const [type, body] = req.url === "/clip.mp4" ? ["video/mp4", MP4] : ["image/png", PNG];
    res.writeHead(200, { "content-type": type, "content-length": String(body.length) });
    res.end(body);
  });
  await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), "tb-video-src-"));
});
afterAll(async () => {
  await double.close();
  await new Promise((r) => files.close(r));
  await rm(dir, { recursive: true, force: true });
});
const opened: OpenedStore[] = [];
afterEach(async () => {
  double.reset();
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

const cli = { ...origin, platform: "cli" as const };
const puts = () => double.requests.filter((r) => r.method === "PUT" && r.path.startsWith("/gcs/tva/"));

/** A file of `size` bytes that takes no disk space (sparse). */
async function sparse(name: string, size: number): Promise<string> {
  const p = join(dir, name);
  const fh = await open(p, "w");
  await fh.truncate(size);
  await fh.close();
  return p;
}

describe("video sources", () => {
  it("a chat attachment is fetched, uploaded to Theta's signed URL, and the transcode made from that upload", async () => {
    const s = await videoHarness(double, opened);
    const id = s.id("att");
    const d = await s.job(id, { source: { url: `${filesUrl}/clip.mp4` } });
    await s.step(id, d);
    expect(puts().map((r) => r.body)).toEqual([{ bytes: MP4.length }]);
    const uploadId = puts()[0]?.path.split("/").pop();
    expect(createdVideos(double).map((r) => r.body)).toEqual([
      { source_upload_id: uploadId, playback_policy: "public" },
    ]);
    expect((await s.get(id)).state).toBe("submitted");
    // Queue listeners (the CLI's progress line) see the upload, then the transcode start.
    expect(s.events.get(id)).toEqual([{ stage: "uploading" }, { stage: "transcoding", percent: 0 }]);
  });

  it("an attachment that is not a video is refused before anything is created", async () => {
    const s = await videoHarness(double, opened);
    const id = s.id("png");
    await s.step(id, await s.job(id, { source: { url: `${filesUrl}/photo.png` } }));
    expect(await s.get(id)).toMatchObject({ state: "failed", error: { code: "media_bad_type" } });
    expect(puts()).toEqual([]);
    expect(createdVideos(double)).toEqual([]);
  });

  it("the operator's local file is uploaded byte for byte", async () => {
    const s = await videoHarness(double, opened);
    const p = join(dir, "small.mp4");
    await writeFile(p, MP4);
    const id = s.id("local");
    await s.step(id, await s.job(id, { source: { path: p } }, cli));
    expect(puts().map((r) => r.body)).toEqual([{ bytes: MP4.length }]);
    expect(createdVideos(double)).toHaveLength(1);
    expect((await s.get(id)).state).toBe("submitted");
  });

  it.each([
    ["exactly 2 GiB", 2 * 1024 ** 3],
    ["over 2 GiB", 3 * 1024 ** 3],
  ])("a local file of %s is refused with the size limit, and no transcode is created", async (_n, size) => {
    const s = await videoHarness(double, opened);
    const id = s.id("big");
    await s.step(id, await s.job(id, { source: { path: await sparse(`${id}.mp4`, size) } }, cli));
    expect(await s.get(id)).toMatchObject({
      state: "failed",
      error: { code: "media_too_large", message: "The video file is over 2 GB." },
    });
    expect(puts()).toEqual([]);
    expect(createdVideos(double)).toEqual([]);
  });

  it("a job cancelled while its file uploads is not created at Theta, and ends cancelled", async () => {
    let cancel: (() => Promise<unknown>) | undefined;
    const s = await videoHarness(double, opened, (sink) => ({
      postResult: (o, r, m) => sink.postResult(o, r, m),
      async postProgress(o, card: JobCard) {
        await sink.postProgress(o, card);
        // The requester presses Cancel when the "uploading" card appears.
        if (card.stage === "Uploading inputs") await cancel?.();
      },
    }));
    const id = s.id("cancel-up");
    cancel = () => cancelInLedger(s.ledger, id);
    const d = await s.job(id, { source: { url: `${filesUrl}/clip.mp4` } });
    // The run that lost its claim asks to be looked at again at once; that look ends it.
    expect(await s.step(id, d)).toEqual({ kind: "delay", delayMs: 0 });
    expect(createdVideos(double)).toEqual([]);
    expect(await s.step(id, d)).toEqual({ kind: "done", result: { state: "cancelled" } });
    expect(createdVideos(double)).toEqual([]);
    expect((await s.get(id)).state).toBe("cancelled");
  });
});
