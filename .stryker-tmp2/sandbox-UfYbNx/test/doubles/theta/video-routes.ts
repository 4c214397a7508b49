/** Theta Video API (prefix /video): uploads and VOD videos; livestream routes come from stream-routes. */
// @ts-nocheck

import * as auth from "./auth.js";
import type { Core, Ctx, Route } from "./context.js";
import { jsonBody, route, runRoutes } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest, forbidden, notFound, ok } from "./envelope.js";
import type { TvaUpload, VideoRecord } from "./state.js";
import { streamRoutes } from "./stream-routes.js";
import { asRecord, int, iso, now, randId, str } from "./util.js";

const EXPIRES_MS = 15 * 60 * 1000;

function uploadView(core: Core, u: TvaUpload): Record<string, unknown> {
  return {
    id: u.id,
    service_account_id: core.opts.videoSaId,
    presigned_url: `${core.url}/gcs/tva/${u.id}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=900&X-Goog-Signature=${randId(32)}`,
    presigned_url_expiration: iso(u.createdAt + EXPIRES_MS),
    presigned_url_expired: now() > u.createdAt + EXPIRES_MS,
    create_time: iso(u.createdAt),
    update_time: iso(u.createdAt),
  };
}

/** `initial`: the create response, always processing at 0 %. */
export function videoView(core: Core, v: VideoRecord, initial = false): Record<string, unknown> {
  const elapsed = initial ? 0 : now() - v.createdAt;
  const done = !initial && elapsed >= v.processingMs;
  return {
    id: v.id,
    service_account_id: core.opts.videoSaId,
    file_name: v.file_name,
    state: done ? "success" : "processing",
    sub_state: done ? "none" : "transcoding",
    progress: done ? 100 : Math.min(99, Math.floor((100 * elapsed) / Math.max(1, v.processingMs))),
    playback_policy: v.playback_policy,
    resolutions: v.resolutions,
    use_drm: v.use_drm,
    drm_rules: v.drm_rules,
    metadata: v.metadata,
    source_upload_id: v.source_upload_id,
    source_uri: v.source_uri,
    duration: done ? "1.000" : null,
    playback_uri: done ? `${core.url}/video-cdn/${v.id}/master.m3u8` : null,
    player_uri: done ? `${core.url}/video-player/video/${v.id}` : null,
    create_time: iso(v.createdAt),
    update_time: iso(done ? v.createdAt + v.processingMs : now()),
  };
}

function createUpload(ctx: Ctx): Reply {
  const u: TvaUpload = { id: `upload_${randId(20)}`, createdAt: now(), uploaded: false, size: 0 };
  ctx.core.state.tvaUploads.set(u.id, u);
  return ok({ uploads: [uploadView(ctx.core, u)] });
}

function createVideo(ctx: Ctx): Reply {
  const { core } = ctx;
  const b = jsonBody(ctx);
  if (!b) return badRequest("request body must be a JSON object");
  const uploadId = str(b.source_upload_id);
  const uri = str(b.source_uri);
  if (uploadId !== undefined) {
    if (!core.state.tvaUploads.get(uploadId)?.uploaded)
      return badRequest("source upload not found or not uploaded");
  } else if (uri === undefined || !/^https?:\/\//.test(uri)) {
    return badRequest("source_upload_id or source_uri is required");
  }
  const v: VideoRecord = {
    id: `video_${randId(20)}`,
    createdAt: now(),
    processingMs: core.opts.videoTiming.processingMs,
    file_name: str(b.file_name) ?? null,
    metadata: asRecord(b.metadata) ?? {},
    source_upload_id: uploadId ?? null,
    source_uri: uploadId === undefined ? (uri ?? null) : null,
    playback_policy: str(b.playback_policy) ?? "public",
    resolutions: Array.isArray(b.resolutions)
      ? b.resolutions.filter((r) => typeof r === "number")
      : [360, 720],
    use_drm: b.use_drm === true,
    drm_rules: Array.isArray(b.drm_rules) ? b.drm_rules : [],
  };
  core.state.videos.set(v.id, v);
  return ok({ videos: [videoView(core, v, true)] });
}

function getVideo(ctx: Ctx, [id = ""]: string[]): Reply {
  const v = ctx.core.state.videos.get(id);
  return v ? ok({ videos: [videoView(ctx.core, v)] }) : notFound("video not found");
}

function page(ctx: Ctx, all: VideoRecord[]): Record<string, unknown>[] {
  const p = Math.max(1, int(ctx.query.get("page"), 1));
  const n = Math.max(1, int(ctx.query.get("number"), 10));
  return all
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice((p - 1) * n, p * n)
    .map((v) => videoView(ctx.core, v));
}

function lookup(obj: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = obj;
  for (const k of dotted.split(".")) cur = asRecord(cur)?.[k];
  return cur;
}

function listVideos(ctx: Ctx, [sa = ""]: string[]): Reply {
  if (sa !== ctx.core.opts.videoSaId) return forbidden();
  return ok({ videos: page(ctx, [...ctx.core.state.videos.values()]) });
}

/** Matches metadata (dot keys) and file_name; `videos` is omitted when nothing matches (real quirk). */
function searchVideos(ctx: Ctx, [sa = ""]: string[]): Reply {
  if (sa !== ctx.core.opts.videoSaId) return forbidden();
  const criteria = [...ctx.query.entries()].filter(([k]) => !["operator", "page", "number"].includes(k));
  const any = ctx.query.get("operator") === "or";
  const hit = (v: VideoRecord) => {
    const tests = criteria.map(([k, want]) => {
      const got = k === "file_name" ? v.file_name : lookup(v.metadata, k);
      return got !== undefined && got !== null && String(got) === want;
    });
    return tests.length === 0 || (any ? tests.some(Boolean) : tests.every(Boolean));
  };
  const videos = page(ctx, [...ctx.core.state.videos.values()].filter(hit));
  return ok(videos.length > 0 ? { videos } : {});
}

const routes: Route[] = [
  route("POST", "/upload", createUpload),
  route("POST", "/video", createVideo),
  route("GET", "/video/:sa/list", listVideos),
  route("GET", "/video/:sa/search", searchVideos),
  route("GET", "/video/:id", getVideo),
  ...streamRoutes,
];

export function handleVideo(ctx: Ctx): Promise<Reply> | Reply {
  return auth.video(ctx) ?? runRoutes(routes, ctx);
}
