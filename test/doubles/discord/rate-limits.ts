/**
 * REST rate limits as docs.discord.com/developers/topics/rate-limits describes them:
 * - per-route buckets, counted per top-level resource (channel, guild, webhook id + token), announced on
 *   every answer with X-RateLimit-Limit / -Remaining / -Reset / -Reset-After / -Bucket (the bucket hash
 *   leaves the top-level resource out);
 * - a global limit of 50 requests per second per bot token; "interaction endpoints are not bound to the
 *   bot's global rate limit" (the callback and the interaction webhooks carry no bot token);
 * - over a limit: HTTP 429, `Retry-After`, X-RateLimit-Scope (user | global), X-RateLimit-Global on the
 *   global one, and the body `{ message: "You are being rate limited.", retry_after, global }`.
 * Per-route numbers are not published ("should not be hard coded"); the defaults here are the commonly
 * observed 5 per 5 s for creating channel messages and 50 per second for every other bucket. Windows run on
 * the real clock (clients wait in real time), not the double's `advanceClock` clock.
 */
import { createHash } from "node:crypto";

export interface RateLimitSpec {
  limit: number;
  windowMs: number;
}

export interface RouteLimit extends RateLimitSpec {
  method: string;
  /** A route pattern as in the route table, e.g. "/channels/:channel/messages". */
  pattern: string;
}

export interface RateLimitOptions {
  /** Default 50 per 1000 ms; `false` turns the global limit off. */
  global?: RateLimitSpec | false;
  /** Limits for named routes (checked before `defaultRoute`). */
  routes?: RouteLimit[];
  /** Every other bucket. Default 50 per 1000 ms. */
  defaultRoute?: RateLimitSpec;
}

export const DEFAULT_ROUTE_LIMITS: RouteLimit[] = [
  { method: "POST", pattern: "/channels/:channel/messages", limit: 5, windowMs: 5000 },
];

interface Window {
  count: number;
  resetAt: number;
}

export interface LimitVerdict {
  status: 200 | 429;
  headers: Record<string, string>;
  body?: { message: string; retry_after: number; global: boolean };
}

const secs = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private globalWindow: Window = { count: 0, resetAt: 0 };

  /** `options === false`: no limits at all (headers still sent, never 429). */
  constructor(private readonly options: RateLimitOptions | false) {}

  private spec(method: string, pattern: string): RateLimitSpec {
    if (this.options === false) return { limit: Number.POSITIVE_INFINITY, windowMs: 1000 };
    const named = [...(this.options.routes ?? DEFAULT_ROUTE_LIMITS)].find(
      (r) => r.method === method && r.pattern === pattern,
    );
    return named ?? this.options.defaultRoute ?? { limit: 50, windowMs: 1000 };
  }

  private take(w: Window, spec: RateLimitSpec, now: number): Window {
    if (now >= w.resetAt) {
      w.count = 0;
      w.resetAt = now + spec.windowMs;
    }
    return w;
  }

  /** Counts one request on `bucketKey` (route + top-level resource); `bot`: it carries the bot token. */
  check(method: string, pattern: string, bucketKey: string, bot: boolean): LimitVerdict {
    const now = Date.now();
    const spec = this.spec(method, pattern);
    const hash = createHash("sha1").update(`${method} ${pattern}`).digest("hex").slice(0, 32);
    const w = this.take(this.windows.get(bucketKey) ?? { count: 0, resetAt: 0 }, spec, now);
    this.windows.set(bucketKey, w);
    const finite = Number.isFinite(spec.limit);
    const headers = (remaining: number): Record<string, string> => ({
      "x-ratelimit-bucket": hash,
      "x-ratelimit-limit": String(finite ? spec.limit : 50),
      "x-ratelimit-remaining": String(finite ? Math.max(0, remaining) : 49),
      "x-ratelimit-reset": ((finite ? w.resetAt : now + 1000) / 1000).toFixed(3),
      "x-ratelimit-reset-after": secs(finite ? w.resetAt - now : 1000),
    });
    const g = this.options === false ? false : (this.options.global ?? { limit: 50, windowMs: 1000 });
    if (bot && g) {
      const gw = this.take(this.globalWindow, g, now);
      if (gw.count >= g.limit) {
        const after = (gw.resetAt - now) / 1000;
        return {
          status: 429,
          headers: {
            ...headers(spec.limit - w.count),
            "retry-after": String(Math.max(1, Math.ceil(after))),
            "x-ratelimit-global": "true",
            "x-ratelimit-scope": "global",
          },
          body: {
            message: "You are being rate limited.",
            retry_after: Number(after.toFixed(3)),
            global: true,
          },
        };
      }
    }
    if (w.count >= spec.limit) {
      const after = (w.resetAt - now) / 1000;
      return {
        status: 429,
        headers: {
          ...headers(0),
          "retry-after": String(Math.max(1, Math.ceil(after))),
          "x-ratelimit-scope": "user",
        },
        body: {
          message: "You are being rate limited.",
          retry_after: Number(after.toFixed(3)),
          global: false,
        },
      };
    }
    w.count += 1;
    if (bot && g) this.globalWindow.count += 1;
    return { status: 200, headers: headers(spec.limit - w.count) };
  }
}
