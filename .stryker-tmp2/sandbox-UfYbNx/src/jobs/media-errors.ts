/** Typed media errors: every message names what went wrong and what to do, never a signed query string. */
// @ts-nocheck

import { BotError } from "../core/errors.js";
import { parseRetryAfter } from "../core/theta/http-errors.js";
import { formatBytes, type MediaKind } from "./media-support.js";

const KIND_LABEL: Record<MediaKind, string> = {
  image: "an image (image/*)",
  video: "a video (video/*, application/octet-stream or an HLS playlist)",
  audio: "audio (audio/*)",
  any: "a media file",
};

export function mediaError(
  code: string,
  message: string,
  extra: { status?: number; retriable?: boolean; retryAfterSeconds?: number; cause?: unknown } = {},
  details?: Record<string, unknown>,
): BotError {
  return new BotError({ code, family: "media", message, ...extra, details });
}

export function tooLarge(size: number, max: number, stoppedAt?: number): BotError {
  const limit = `this server's limit of ${formatBytes(max)} (MEDIA_MAX_BYTES)`;
  const message =
    stoppedAt === undefined
      ? `The output is ${formatBytes(size)}, over ${limit}. Raise MEDIA_MAX_BYTES or ask for a smaller output.`
      : `The output is more than ${formatBytes(max)}, over ${limit}; the download was stopped at ${formatBytes(stoppedAt)}. Raise MEDIA_MAX_BYTES or ask for a smaller output.`;
  return mediaError("media_too_large", message, {}, { size: stoppedAt ?? size, maxBytes: max });
}

export function badType(contentType: string, kind: MediaKind, where: string): BotError {
  return mediaError(
    "media_bad_type",
    `The output at ${where} is ${contentType}, not ${KIND_LABEL[kind]}. Theta probably answered with an error page instead of the file; run the job again, and if it repeats check the service's status.`,
    {},
    { contentType, kind },
  );
}

export function statusError(status: number, where: string, retryAfter: string | undefined): BotError {
  const retriable = status >= 500 || status === 429;
  const advice =
    status === 404 || status === 410
      ? "The output may have expired or never been written; run the job again."
      : status === 401 || status === 403
        ? "The output link was refused (expired or not signed for this request); run the job again."
        : retriable
          ? "This is usually temporary; try again shortly."
          : "Run the job again; if it repeats, report it to the operator.";
  return mediaError("media_fetch_failed", `The output host answered HTTP ${status} for ${where}. ${advice}`, {
    status,
    retriable,
    retryAfterSeconds: retriable ? parseRetryAfter(retryAfter) : undefined,
  });
}

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function errCode(err: unknown): string | undefined {
  const own = (err as { code?: unknown } | null)?.code;
  if (typeof own === "string") return own;
  const inner = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof inner === "string" ? inner : undefined;
}

/**
 * Turns an undici / socket error into a typed media error. BotErrors and the caller's own abort pass
 * through unchanged. `received` is set once the body started flowing.
 */
export function mapTransportError(
  err: unknown,
  where: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  received?: number,
): unknown {
  if (err instanceof BotError || signal?.aborted) return err;
  const code = errCode(err) ?? "unknown";
  const during = received === undefined ? "" : ` after ${formatBytes(received)}`;
  if (TIMEOUT_CODES.has(code)) {
    const span = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    const what =
      code === "UND_ERR_BODY_TIMEOUT"
        ? `stopped sending${during} for ${span}`
        : `did not answer within ${span}`;
    return mediaError(
      "media_timeout",
      `The output host ${what} (${where}). It is usually temporary; try again shortly.`,
      { retriable: true, cause: err },
      { code },
    );
  }
  const what = received === undefined ? "Could not download" : `The download broke off${during} for`;
  return mediaError(
    "media_fetch_failed",
    `${what} the output at ${where} (${code}). Check that the output host is reachable, then try again.`,
    { retriable: true, cause: err },
    { code },
  );
}
