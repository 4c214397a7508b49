/** Media hosts: /outputs (on-demand results), /video-cdn + /video-player (TVA), /gcs (signed-URL uploads). */
// @ts-nocheck

import type { Ctx, Route } from "./context.js";
import { route, runRoutes } from "./context.js";
import type { Reply } from "./envelope.js";
import { empty, text } from "./envelope.js";
import { generatedStream, MEDIA } from "./media-fixtures.js";
import { stateOf } from "./ondemand-infer.js";
import { serviceId } from "./ondemand-services.js";
import { videoView } from "./video-routes.js";

const gcsError = (status: number, code: string, message: string): Reply =>
  text(
    status,
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    "application/xml; charset=UTF-8",
  );

const noSuchKey = () => gcsError(404, "NoSuchKey", "The specified key does not exist.");
const badSignature = () =>
  gcsError(
    403,
    "SignatureDoesNotMatch",
    "Access denied. The request signature we calculated does not match the signature you provided. " +
      "Check your Google secret key and signing method.",
  );

function output(ctx: Ctx, [srvc = "", prj = "", file = ""]: string[]): Reply {
  const m = /^(infr_rqst_[a-z0-9]+)_(.+)\.([a-z0-9]+)$/.exec(file);
  const rec = m?.[1] === undefined ? undefined : ctx.core.state.infer.get(m[1]);
  if (!m || !rec) return noSuchKey();
  const [, , field = "", ext = ""] = m;
  const media = MEDIA[ext];
  if (
    serviceId(rec.alias) !== srvc ||
    prj !== ctx.core.opts.projectId ||
    rec.files[field] !== ext ||
    !media
  ) {
    return noSuchKey();
  }
  if (stateOf(rec) !== "success") return noSuchKey();
  const headers = { "content-type": media.contentType, "cache-control": "public, max-age=3600" };
  const size = ctx.core.state.outputBytes.get(rec.alias);
  if (size === undefined) return { status: 200, headers, body: media.bytes };
  return {
    status: 200,
    headers: { ...headers, "content-length": String(size) },
    body: generatedStream(media.bytes, size),
  };
}

function playlist(ctx: Ctx, [id = ""]: string[]): Reply {
  const v = ctx.core.state.videos.get(id);
  if (!v || videoView(ctx.core, v).state !== "success") return noSuchKey();
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3"];
  for (const r of v.resolutions) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r * 2000},RESOLUTION=${Math.round((r * 16) / 9)}x${r}`,
      `${r}p/index.m3u8`,
    );
  }
  return text(200, `${lines.join("\n")}\n`, "application/vnd.apple.mpegurl");
}

function player(ctx: Ctx, [id = ""]: string[]): Reply {
  if (!ctx.core.state.videos.has(id)) return text(404, "video not found");
  return text(
    200,
    `<!doctype html><title>${id}</title><video src="/video-cdn/${id}/master.m3u8"></video>`,
    "text/html",
  );
}

function octetStream(ctx: Ctx): boolean {
  return (
    (ctx.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() === "application/octet-stream"
  );
}

function putOndemand(ctx: Ctx, [filename = ""]: string[]): Reply {
  const u = ctx.core.state.ondemandUploads.get(filename);
  if (!u || !octetStream(ctx)) return badSignature();
  u.uploaded = true;
  u.size = ctx.body.size;
  return empty();
}

function putTva(ctx: Ctx, [id = ""]: string[]): Reply {
  const u = ctx.core.state.tvaUploads.get(id);
  if (!u || !octetStream(ctx)) return badSignature();
  u.uploaded = true;
  u.size = ctx.body.size;
  return empty();
}

const outputRoutes: Route[] = [
  route("GET", "/outputs/:srvc/:prj/:file", output),
  route("GET", "/video-cdn/:id/master.m3u8", playlist),
  route("GET", "/video-player/video/:id", player),
];

const uploadRoutes: Route[] = [
  route("PUT", "/gcs/ondemand/:filename", putOndemand),
  route("PUT", "/gcs/tva/:id", putTva),
];

export function handleOutputs(ctx: Ctx): Promise<Reply> {
  return runRoutes(outputRoutes, ctx);
}

export function handleUpload(ctx: Ctx): Promise<Reply> {
  return runRoutes(uploadRoutes, ctx);
}
