/** Theta Video livestreams and ingestors. */
// @ts-nocheck

import type { Core, Ctx, Route } from "./context.js";
import { jsonBody, route } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest, forbidden, notFound, ok } from "./envelope.js";
import type { StreamRecord } from "./state.js";
import { iso, now, randId, str } from "./util.js";
import { STREAM_LIMIT, streamServer } from "./video-seed.js";

const ALL_RESOLUTIONS = ["160p", "240p", "360p", "720p", "source"];

export function streamView(core: Core, s: StreamRecord, full = true): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: s.id,
    service_account_id: core.opts.videoSaId,
    name: s.name,
    status: s.status,
    update_time: iso(s.updatedAt),
    playback_uri: null,
    player_uri: null,
  };
  if (!full) return base;
  return {
    ...base,
    resolutions: s.resolutions,
    source_resolution: s.source_resolution,
    fps: s.fps,
    stream_server: s.stream_server,
    stream_key: s.stream_key,
  };
}

function createStream(ctx: Ctx): Reply {
  const { state } = ctx.core;
  const b = jsonBody(ctx);
  const name = str(b?.name);
  if (!b || !name) return badRequest("name is required");
  if (state.streams.size >= STREAM_LIMIT) {
    return badRequest(
      `Live stream limit reached - you already have ${state.streams.size}/${STREAM_LIMIT} streams`,
    );
  }
  const t = now();
  const s: StreamRecord = {
    id: `stream_${randId(20)}`,
    name,
    status: "off",
    resolutions: Array.isArray(b.resolutions)
      ? b.resolutions.filter((r): r is string => typeof r === "string")
      : ALL_RESOLUTIONS,
    source_resolution: str(b.source_resolution) ?? "720p",
    fps: b.fps === undefined ? "30" : String(b.fps),
    createdAt: t,
    updatedAt: t,
    stream_server: null,
    stream_key: null,
  };
  state.streams.set(s.id, s);
  return ok(streamView(ctx.core, s));
}

function getStream(ctx: Ctx, [id = ""]: string[]): Reply {
  const s = ctx.core.state.streams.get(id);
  return s ? ok(streamView(ctx.core, s)) : notFound("stream not found");
}

function listStreams(ctx: Ctx, [sa = ""]: string[]): Reply {
  if (sa !== ctx.core.opts.videoSaId) return forbidden();
  const status = ctx.query.get("status");
  const streams = [...ctx.core.state.streams.values()]
    .filter((s) => !status || s.status === status)
    .map((s) => streamView(ctx.core, s, false));
  return ok({ total_count: streams.length, streams });
}

function selectIngestor(ctx: Ctx, [id = ""]: string[]): Reply {
  const { state } = ctx.core;
  const ingestor = state.ingestors.find((i) => i.id === id);
  if (!ingestor) return notFound("ingestor not found");
  const streamId = str(jsonBody(ctx)?.tva_stream);
  if (!streamId) return badRequest("tva_stream is required");
  const s = state.streams.get(streamId);
  if (!s) return notFound("stream not found");
  s.stream_server = streamServer(ingestor);
  s.stream_key = ingestor.stream_key;
  s.updatedAt = now();
  ingestor.state = "in_use";
  return ok({ ingestors: [ingestor], stream: streamView(ctx.core, s) });
}

export const streamRoutes: Route[] = [
  route("POST", "/stream", createStream),
  route("GET", "/stream/:id", getStream),
  route("GET", "/service_account/:sa/streams", listStreams),
  route("GET", "/ingestor/filter", (ctx) => ok({ ingestors: ctx.core.state.ingestors })),
  route("PUT", "/ingestor/:id/select", selectIngestor),
];
