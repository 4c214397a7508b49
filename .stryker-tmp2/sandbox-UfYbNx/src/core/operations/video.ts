// @ts-nocheck
import { z } from "zod";
import { defineOperation } from "./define.js";

const page = z.number().int().min(1).default(1);
const number = z.number().int().min(1).max(100).default(10);
const videoId = z.string().regex(/^video_[A-Za-z0-9]+$/, 'an id like "video_…"');
const streamId = z.string().regex(/^stream_[A-Za-z0-9]+$/, 'an id like "stream_…"');
const fromPayload = (v: unknown) => {
  if (!v || typeof v !== "object" || !("payload" in v)) return v;
  const { payload, ...rest } = v as { payload?: unknown };
  return { ...rest, ...(payload && typeof payload === "object" ? payload : {}) };
};
const base = { families: ["video" as const], paid: false };

export const list = defineOperation({
  ...base,
  name: "theta.video.list",
  summary: "Videos of the Theta Video service account",
  input: z.object({ page, number }).strict(),
  mutating: false,
  handler: async (i, ctx) => {
    const videos = await ctx.client.video.listVideos(i.page, i.number);
    return { count: videos.length, videos };
  },
});

export const search = defineOperation({
  ...base,
  name: "theta.video.search",
  summary: "Search videos by metadata (dot keys for nesting) and file_name",
  input: z
    .object({
      query: z
        .record(z.string().regex(/^[A-Za-z0-9_.-]+$/), z.string())
        .refine((q) => Object.keys(q).length > 0, "at least one key"),
      operator: z.enum(["and", "or"]).optional(),
      page: z.number().int().min(1).optional(),
      number: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
  mutating: false,
  handler: async (i, ctx) => {
    const videos = await ctx.client.video.searchVideos({
      filters: i.query,
      operator: i.operator,
      page: i.page,
      number: i.number,
    });
    return { count: videos.length, videos };
  },
});

export const uploadCreate = defineOperation({
  ...base,
  name: "theta.video.uploadCreate",
  summary: "Create a presigned upload (valid ~15 min) for a video file",
  input: z.object({}).strict(),
  mutating: true,
  handler: (_i, ctx) => ctx.client.video.createUpload(),
});

export const upload = defineOperation({
  ...base,
  name: "theta.video.upload",
  summary: "Upload a video file: create the upload and PUT the bytes (then theta.video.videoCreate)",
  input: z
    .object({ file: z.object({ base64: z.string().min(1), filename: z.string().optional() }).strict() })
    .strict(),
  mutating: true,
  handler: async (i, ctx) => {
    const up = await ctx.client.video.createUpload();
    ctx.progress({ stage: "uploading" });
    const bytes = Buffer.from(i.file.base64, "base64");
    await ctx.client.video.putBytes(up.presigned_url, bytes);
    return { uploadId: up.id, bytes: bytes.length, filename: i.file.filename };
  },
});

export const videoCreate = defineOperation({
  ...base,
  name: "theta.video.videoCreate",
  summary: "Transcode an upload (source_upload_id) or a URL (source_uri) into a video",
  input: z.preprocess(
    fromPayload,
    z
      .looseObject({
        source_upload_id: z
          .string()
          .regex(/^upload_/)
          .optional(),
        source_uri: z.url({ protocol: /^https?$/ }).optional(),
        playback_policy: z.enum(["public", "private"]).default("public"),
        resolutions: z
          .array(z.union([z.literal(360), z.literal(720), z.literal(1080), z.literal(2160)]))
          .optional(),
        use_drm: z.boolean().optional(),
        metadata: z.record(z.string(), z.unknown()).optional(),
        file_name: z.string().optional(),
      })
      .refine((v) => Boolean(v.source_upload_id) !== Boolean(v.source_uri), {
        message: "give exactly one of source_upload_id or source_uri",
      }),
  ),
  mutating: true,
  paid: true,
  handler: (i, ctx) => ctx.client.video.createVideo(i),
  quote: async () => ({
    currency: "USD",
    display: "billed by Theta Video per transcoded minute (rate not published to the API)",
    source: "unknown",
    basis: "Theta Video pricing is not exposed by the API",
  }),
});

export const videoGet = defineOperation({
  ...base,
  name: "theta.video.videoGet",
  summary: "One video: state, progress, playback URLs",
  input: z.object({ videoId }).strict(),
  mutating: false,
  handler: (i, ctx) => ctx.client.video.getVideo(i.videoId),
});

export const streamCreate = defineOperation({
  ...base,
  name: "theta.video.streamCreate",
  summary: "Create a livestream (at most 3 per service account)",
  input: z.preprocess(
    fromPayload,
    z
      .object({
        name: z.string().min(1).max(200),
        resolutions: z.array(z.enum(["160p", "240p", "360p", "720p", "source"])).optional(),
        source_resolution: z.string().optional(),
        fps: z.number().int().min(1).max(120).optional(),
      })
      .strict(),
  ),
  mutating: true,
  handler: async (i, ctx) => (await ctx.client.video.createStream(i)).body ?? {},
});

export const streamGet = defineOperation({
  ...base,
  name: "theta.video.streamGet",
  summary: "One livestream",
  input: z.object({ streamId }).strict(),
  mutating: false,
  handler: async (i, ctx) => (await ctx.client.video.getStream(i.streamId)).body ?? {},
});

export const streamList = defineOperation({
  ...base,
  name: "theta.video.streamList",
  summary: "Livestreams of the service account (optionally on/off)",
  input: z.object({ status: z.enum(["on", "off"]).optional() }).strict(),
  mutating: false,
  handler: async (i, ctx) => (await ctx.client.video.listStreams(i.status)).body ?? {},
});

export const ingestorList = defineOperation({
  ...base,
  name: "theta.video.ingestor.list",
  summary: "Edge ingestors near this machine",
  input: z.object({}).strict(),
  mutating: false,
  handler: async (_i, ctx) => (await ctx.client.video.listIngestors()).body ?? {},
});

export const ingestorSelect = defineOperation({
  ...base,
  name: "theta.video.ingestor.select",
  summary: "Attach an ingestor to a livestream (gives its stream server and key)",
  input: z.object({ ingestorId: z.string().min(1), streamId }).strict(),
  mutating: true,
  handler: async (i, ctx) => (await ctx.client.video.selectIngestor(i.ingestorId, i.streamId)).body ?? {},
});
