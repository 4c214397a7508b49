import { readFile, stat } from "node:fs/promises";
import { pollDelay } from "../../core/backoff.js";
import { BotError } from "../../core/errors.js";
import type { VideoClient } from "../../core/theta/video.js";
import type { LedgerEntry } from "../ledger.js";
import { fetchMediaBuffer } from "../media.js";
import type { JobContext, StepResult } from "../queue/job-queue.js";
import { clientFor, type JobDeps, ledgerEntry } from "./deps.js";
import { deliver, errorInfo, finish } from "./finish.js";
import { ATTACHMENT_HOSTS } from "./inputs.js";
import { cancelIfAsked, progress } from "./progress.js";
import { submitFailure } from "./submit-outcome.js";

export interface VideoJobData {
  /** A public URL Theta fetches itself, a chat attachment to upload, or (CLI only) a local file. */
  source: { uri: string } | { uploadId: string } | { url: string } | { path: string };
  playbackPolicy?: "public" | "private" | undefined;
  resolutions?: number[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  fileName?: string | undefined;
  deadlineMs?: number | undefined;
  step?: number | undefined;
}

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
const DEFAULT_DEADLINE_MS = 60 * 60 * 1000;

async function sourceBytes(
  deps: JobDeps,
  e: LedgerEntry,
  s: { url: string } | { path: string },
): Promise<Buffer> {
  if ("path" in s) {
    if (e.origin.platform !== "cli") {
      throw new BotError({
        code: "video_source_refused",
        // Stryker disable next-line StringLiteral: equivalent, this error reaches the requester only as code and message (errorInfo, toJobError); its family is never read
        family: "jobs",
        message: "Only the operator CLI may upload local files.",
      });
    }
    // readFile refuses 2 GiB and more (ERR_FS_FILE_TOO_LARGE), so exactly 2 GiB is refused here too.
    if ((await stat(s.path)).size >= MAX_UPLOAD_BYTES) {
      throw new BotError({
        code: "media_too_large",
        // Stryker disable next-line StringLiteral: equivalent, this error reaches the requester only as code and message (errorInfo, toJobError); its family is never read
        family: "media",
        message: "The video file is over 2 GB.",
      });
    }
    return readFile(s.path);
  }
  const policy = {
    outputHosts: [...deps.config.outputHosts, ...ATTACHMENT_HOSTS],
    maxBytes: deps.config.mediaMaxBytes,
  };
  return (await fetchMediaBuffer(s.url, policy, { kind: "video" })).bytes;
}

async function submit(
  ctx: JobContext<VideoJobData>,
  deps: JobDeps,
  e: LedgerEntry,
  video: VideoClient,
): Promise<StepResult> {
  const d = ctx.data;
  const payload: Record<string, unknown> = {
    playback_policy: d.playbackPolicy ?? "public",
    ...(d.resolutions ? { resolutions: d.resolutions } : {}),
    ...(d.metadata ? { metadata: d.metadata } : {}),
    ...(d.fileName ? { file_name: d.fileName } : {}),
  };
  if ("uri" in d.source) payload.source_uri = d.source.uri;
  else if ("uploadId" in d.source) payload.source_upload_id = d.source.uploadId;
  else {
    await progress(ctx, deps, e, { stage: "uploading" });
    const up = await video.createUpload();
    await video.putBytes(up.presigned_url, await sourceBytes(deps, e, d.source));
    payload.source_upload_id = up.id;
  }
  const claimed = await deps.ledger.transition(e.id, ["queued"], "submitting");
  if (!claimed) return { kind: "delay", delayMs: 0 };
  try {
    const v = await video.createVideo(payload);
    const sub = await deps.ledger.transition(e.id, ["submitting"], "submitted", {
      upstreamId: v.id,
      submittedAt: Date.now(),
    });
    await progress(ctx, deps, sub ?? claimed, { stage: "transcoding", percent: 0 });
    return {
      kind: "delay",
      delayMs: pollDelay(1, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
      data: { ...d, step: 1 },
    };
  } catch (err) {
    const f = submitFailure(err, "the transcode", "Check theta.video.list before retrying.");
    return finish(deps, claimed, f.to, f.error);
  }
}

async function poll(
  ctx: JobContext<VideoJobData>,
  deps: JobDeps,
  e: LedgerEntry,
  video: VideoClient,
): Promise<StepResult> {
  const deadlineMs = ctx.data.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const elapsed = Date.now() - (e.submittedAt ?? e.createdAt);
  const step = (ctx.data.step ?? 1) + 1;
  let v: Awaited<ReturnType<VideoClient["getVideo"]>>;
  try {
    v = await video.getVideo(e.upstreamId!);
  } catch (err) {
    // Failed polls back off like the others and end at the same deadline.
    if (!(err instanceof BotError) || !err.retriable) throw err;
    if (elapsed > deadlineMs) {
      return finish(deps, e, "failed", {
        code: "job_deadline",
        message: `Video ${e.upstreamId}'s status could not be read for ${Math.round(elapsed / 60000)} min (${err.message}); it may still finish and be billed. Check it later with \`theta-bot op theta.video.videoGet --videoId ${e.upstreamId}\`.`,
      });
    }
    return {
      kind: "delay",
      delayMs: pollDelay(step, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
      data: { ...ctx.data, step },
    };
  }
  if (v.state === "success") {
    const urls = [v.playback_uri, v.player_uri].filter((u): u is string => typeof u === "string");
    const done = await deps.ledger.transition(e.id, ["submitted"], "done", {
      outputUrls: urls,
      text: `Video ${v.id} is ready.`,
    });
    // Stryker disable next-line StringLiteral: equivalent, the media kind is read only to attach files, and video results are posted as links (attach = false)
    return done ? deliver(deps, done, "success", "video", false) : { kind: "delay", delayMs: 0 };
  }
  if (v.state === "error" || v.state === "failed") {
    return finish(deps, e, "failed", {
      code: "video_transcode_failed",
      message: `Theta Video could not transcode ${v.id} (${String(v.sub_state ?? v.state)}).`,
    });
  }
  if (elapsed > deadlineMs) {
    return finish(deps, e, "failed", {
      code: "job_deadline",
      message: `Video ${v.id} is still transcoding after ${Math.round(elapsed / 60000)} min; check it later with theta.video.videoGet.`,
    });
  }
  const percent = typeof v.progress === "number" ? v.progress : undefined;
  await progress(ctx, deps, e, { stage: "transcoding", percent });
  return {
    kind: "delay",
    delayMs: pollDelay(step, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
    data: { ...ctx.data, step },
  };
}

/** Theta Video transcode: upload → create video (paid, once) → poll until success → post links. */
export async function videoStep(ctx: JobContext<VideoJobData>, deps: JobDeps): Promise<StepResult> {
  const e = await ledgerEntry(deps, ctx.id);
  await cancelIfAsked(ctx, deps, e);
  try {
    const video = (await clientFor(deps, e.origin, ["video"])).video;
    switch (e.state) {
      case "queued":
        return await submit(ctx, deps, e, video);
      case "submitting":
        return await finish(deps, e, "ambiguous", {
          code: "ambiguous_submission",
          message:
            "A worker stopped while creating the video; it was not created again. Check theta.video.list before retrying.",
        });
      case "submitted":
        return await poll(ctx, deps, e, video);
      case "done":
      case "delivering":
        // Stryker disable next-line StringLiteral: equivalent, the media kind is read only to attach files, and video results are posted as links (attach = false)
        return await deliver(deps, e, "success", "video", false);
      default:
        return { kind: "done", result: { state: e.state } };
    }
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const cur = (await deps.ledger.get(ctx.id)) ?? e;
    if (cur.state === "queued" || cur.state === "submitted")
      return finish(deps, cur, "failed", errorInfo(err));
    throw err;
  }
}
