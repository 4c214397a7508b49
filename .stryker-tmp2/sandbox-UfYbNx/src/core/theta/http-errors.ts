// @ts-nocheck
import { BotError } from "../errors.js";
import { cleanMessage } from "../redact.js";
import type { ThetaFamily } from "./families.js";

const CAPACITY = /no instances available/i;

/** Extracts the message from either error envelope variant, or from plain text. */
export function envelopeMessage(body: unknown, text: string): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    if (typeof b.message === "string") return b.message;
    if (b.status && typeof b.status === "object") {
      const inner = b.status as Record<string, unknown>;
      if (typeof inner.message === "string") return inner.message;
    }
    if (typeof b.error === "string") return b.error;
    if (
      b.error &&
      typeof b.error === "object" &&
      typeof (b.error as { message?: unknown }).message === "string"
    ) {
      return (b.error as { message: string }).message;
    }
    if (typeof b.detail === "string") return b.detail;
  }
  return text.replace(/<[^>]+>/g, " ").trim() || "(empty body)";
}

/** True when a parsed body is an error envelope (string or object variant), whatever the HTTP status. */
export function isErrorEnvelope(body: unknown): boolean {
  if (!body || typeof body !== "object") return false;
  const s = (body as { status?: unknown }).status;
  return s === "error" || (!!s && typeof s === "object" && (s as { status?: unknown }).status === "error");
}

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

interface HttpErrorInput {
  family: ThetaFamily;
  status: number;
  method: string;
  route: string;
  body: unknown;
  text: string;
  retryAfterSeconds?: number | undefined;
}

/** Maps an HTTP failure to a typed error with a stable code. */
export function httpError(i: HttpErrorInput): BotError {
  const upstream = cleanMessage(envelopeMessage(i.body, i.text), 200);
  const where = `${i.method} ${i.route}`;
  const base = { family: i.family, status: i.status, details: { route: where } };
  if (i.status === 409 && CAPACITY.test(upstream)) {
    return new BotError({
      ...base,
      code: "theta_capacity",
      retriable: true,
      retryAfterSeconds: i.retryAfterSeconds,
      message: `Temporary Theta on-demand capacity exhaustion: ${upstream}. Nothing was charged; try again later.`,
    });
  }
  if (i.status === 403 && /error code:?\s*1010/i.test(i.text)) {
    return new BotError({
      ...base,
      code: "theta_cloudflare_blocked",
      message: `Theta's CDN refused the request (Cloudflare error 1010, ${where}); the client's browser headers were rejected.`,
    });
  }
  if (i.status === 401 || i.status === 403) {
    return new BotError({
      ...base,
      code: "theta_unauthorized",
      message: `Theta refused the credentials (${i.status} on ${where}): ${upstream}. Check the key and project id; run theta.auth.capabilities --verify.`,
    });
  }
  if (i.status === 404) {
    return new BotError({ ...base, code: "theta_not_found", message: `Not found (${where}): ${upstream}` });
  }
  if (i.status === 429) {
    return new BotError({
      ...base,
      code: "theta_rate_limited",
      retriable: true,
      retryAfterSeconds: i.retryAfterSeconds,
      message: `Theta rate limit hit on ${where}${i.retryAfterSeconds === undefined ? "" : `; retry after ${Math.ceil(i.retryAfterSeconds)} s`}: ${upstream}`,
    });
  }
  if (i.status === 408 || i.status === 425 || i.status >= 500) {
    return new BotError({
      ...base,
      code: "theta_upstream_error",
      retriable: true,
      retryAfterSeconds: i.retryAfterSeconds,
      message: `Theta answered ${i.status} on ${where}: ${upstream}`,
    });
  }
  if (i.status >= 400) {
    return new BotError({
      ...base,
      code: "theta_bad_request",
      message: `Theta rejected the request (${i.status} on ${where}): ${upstream}`,
    });
  }
  return new BotError({
    ...base,
    code: "theta_api_error",
    message: `Theta reported an error on ${where}: ${upstream}`,
  });
}
