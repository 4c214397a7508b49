/** HTTP plumbing: API errors, body reading/parsing, JSON answers with Discord's rate-limit headers. */
// @ts-nocheck

import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { boundaryOf, parseMultipart } from "./multipart.js";
import type { UploadedFile } from "./types.js";

/** An error answer in Discord's shape: `{ message, code, errors? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }

  json(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const unknownInteraction = () => new ApiError(404, 10062, "Unknown interaction");
export const unknownMessage = () => new ApiError(404, 10008, "Unknown Message");
export const unknownChannel = () => new ApiError(404, 10003, "Unknown Channel");
export const unknownWebhook = () => new ApiError(404, 10015, "Unknown Webhook");
export const invalidWebhookToken = () => new ApiError(401, 50027, "Invalid Webhook Token");
export const missingPermissions = () => new ApiError(403, 50013, "Missing Permissions");
export const missingAccess = () => new ApiError(403, 50001, "Missing Access");
export const tooLarge = () => new ApiError(413, 40005, "Request entity too large");

/** Invalid Form Body with one error at a dotted path, e.g. "content" or "embeds.0.title". */
export function invalidForm(path: string, code: string, message: string): ApiError {
  const errors: Record<string, unknown> = {};
  let node = errors;
  const parts = path.split(".");
  parts.forEach((p, i) => {
    const child: Record<string, unknown> = i === parts.length - 1 ? { _errors: [{ code, message }] } : {};
    node[p] = child;
    node = child;
  });
  return new ApiError(400, 50035, "Invalid Form Body", errors);
}

/** Hard cap on what the double keeps of a request body (Discord's request cap is 25 MiB). */
export const MAX_REQUEST_BYTES = 25 * 1024 * 1024;

export interface RawBody {
  bytes: Buffer;
  /** True when more than MAX_REQUEST_BYTES arrived (the rest was drained and dropped). */
  truncated: boolean;
}

export function readBody(req: IncomingMessage): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on("end", () => resolve({ bytes: Buffer.concat(chunks), truncated: size > MAX_REQUEST_BYTES }));
    req.on("error", reject);
  });
}

export interface ParsedBody {
  /** JSON body, or the parsed payload_json of a multipart body; undefined when empty. */
  json: unknown;
  files: UploadedFile[];
  /** What the call log records. */
  logged: unknown;
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { json: undefined, files: [], logged: null };
  const ct = contentType ?? "";
  if (ct.startsWith("multipart/form-data")) {
    const boundary = boundaryOf(ct);
    if (!boundary) throw new ApiError(400, 50109, "The request body contains invalid JSON.");
    let parts: ReturnType<typeof parseMultipart>;
    try {
      parts = parseMultipart(raw, boundary);
    } catch (e) {
      throw new ApiError(400, 50035, `Invalid Form Body (${(e as Error).message})`);
    }
    const { fields, files } = parts;
    const payload = fields.payload_json;
    let json: unknown;
    try {
      json = payload === undefined ? undefined : JSON.parse(payload);
    } catch {
      throw new ApiError(400, 50109, "The request body contains invalid JSON.");
    }
    const loggedFiles = files.map(({ name, filename, contentType: t, size, sha256 }) => ({
      name,
      filename,
      contentType: t,
      size,
      sha256,
    }));
    return { json, files, logged: { payload_json: json, files: loggedFiles } };
  }
  try {
    const json: unknown = JSON.parse(raw.toString("utf8"));
    return { json, files: [], logged: json };
  } catch {
    throw new ApiError(400, 50109, "The request body contains invalid JSON.");
  }
}

/** Per-route bucket headers on every answer: discord.js keys its queues on X-RateLimit-Bucket. */
export function rateLimitHeaders(bucketKey: string, nowMs: number): Record<string, string> {
  const bucket = createHash("sha1").update(bucketKey).digest("hex").slice(0, 32);
  return {
    "x-ratelimit-bucket": bucket,
    "x-ratelimit-limit": "50",
    "x-ratelimit-remaining": "49",
    "x-ratelimit-reset-after": "1.000",
    "x-ratelimit-reset": ((nowMs + 1000) / 1000).toFixed(3),
  };
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  if (body === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (Buffer.isBuffer(body) || typeof body === "string") {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
    res.end(body);
    return;
  }
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
