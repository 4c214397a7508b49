// @ts-nocheck
import { z } from "zod";
import { BotError } from "../errors.js";
import type { VideoCredentials } from "./credentials.js";
import { FamilyClient } from "./family-client.js";
import { putPresigned } from "./presigned-put.js";
import { bodyOf, shape } from "./shape.js";
import type { Transport } from "./transport.js";
import { segment } from "./validate.js";

const uploads = z.looseObject({
  uploads: z.array(z.looseObject({ id: z.string(), presigned_url: z.string() })).min(1, "one upload"),
});
const videos = z.looseObject({
  videos: z
    .array(z.looseObject({ id: z.string(), state: z.string().nullish(), progress: z.unknown().optional() }))
    .nullish(),
});

export interface VideoSearch {
  filters: Record<string, string>;
  operator?: "and" | "or" | undefined;
  page?: number | undefined;
  number?: number | undefined;
}

/** api.thetavideoapi.com: uploads, transcodes, livestreams, ingestors. */
export class VideoClient extends FamilyClient {
  constructor(
    transport: Transport,
    base: string,
    private readonly creds: VideoCredentials,
    private readonly uploadHosts: readonly string[] = [],
  ) {
    super(transport, "video", base, { "x-tva-sa-id": creds.saId, "x-tva-sa-secret": creds.saSecret });
  }

  get serviceAccountId(): string {
    return this.creds.saId;
  }

  async createUpload() {
    const res = await this.call("POST", "/upload", { json: {}, idempotent: false });
    return shape("video", "/upload", uploads, bodyOf(res)).uploads[0]!;
  }

  /** PUT the bytes to the signed URL; the content type is part of the signature. */
  putBytes(presignedUrl: string, bytes: Buffer): Promise<void> {
    return putPresigned(this.transport, "video", presignedUrl, bytes, this.uploadHosts);
  }

  /** Paid transcode. Needs source_upload_id or source_uri. */
  async createVideo(payload: Record<string, unknown>) {
    if (!payload.source_upload_id && !payload.source_uri) {
      throw new BotError({
        code: "MISSING_REQUIRED_FIELD",
        family: "usage",
        message: "A video needs source_upload_id (from theta.video.uploadCreate) or source_uri.",
      });
    }
    const res = await this.call("POST", "/video", {
      json: { playback_policy: "public", ...payload },
      idempotent: false,
    });
    const v = shape("video", "/video", videos, bodyOf(res)).videos?.[0];
    if (!v)
      throw new BotError({ code: "theta_bad_response", family: "video", message: "Theta created no video." });
    return v;
  }

  async getVideo(videoId: string) {
    const res = await this.call("GET", `/video/${segment("videoId", videoId)}`, { route: "/video/{id}" });
    const v = shape("video", "/video/{id}", videos, bodyOf(res)).videos?.[0];
    if (!v)
      throw new BotError({
        code: "theta_not_found",
        family: "video",
        status: 404,
        message: `No video ${videoId}.`,
      });
    return v;
  }

  async listVideos(page = 1, number = 10) {
    const path = `/video/${segment("serviceAccountId", this.creds.saId)}/list`;
    const res = await this.call("GET", path, { query: { page, number }, route: "/video/{sa}/list" });
    return shape("video", path, videos, bodyOf(res)).videos ?? [];
  }

  /** Search by metadata (dot keys for nesting) and file_name. No match → an empty list. */
  async searchVideos(s: VideoSearch) {
    const path = `/video/${segment("serviceAccountId", this.creds.saId)}/search`;
    const res = await this.call("GET", path, {
      query: { ...s.filters, operator: s.operator, page: s.page, number: s.number },
      route: "/video/{sa}/search",
    });
    return shape("video", path, videos, bodyOf(res) ?? {}).videos ?? [];
  }

  createStream(payload: Record<string, unknown>) {
    return this.call("POST", "/stream", { json: payload, idempotent: false });
  }

  getStream(streamId: string) {
    return this.call("GET", `/stream/${segment("streamId", streamId)}`, { route: "/stream/{id}" });
  }

  listStreams(status?: "on" | "off") {
    const path = `/service_account/${segment("serviceAccountId", this.creds.saId)}/streams`;
    return this.call("GET", path, { query: { status }, route: "/service_account/{sa}/streams" });
  }

  listIngestors() {
    return this.call("GET", "/ingestor/filter");
  }

  selectIngestor(ingestorId: string, streamId: string) {
    return this.call("PUT", `/ingestor/${segment("ingestorId", ingestorId)}/select`, {
      json: { tva_stream: segment("streamId", streamId) },
      route: "/ingestor/{id}/select",
    });
  }
}
