/** Injected REST faults: latency, any status, and 429s with the headers discord.js obeys (chat-wire §4). */
// @ts-nocheck

import { rateLimitHeaders } from "./http.js";
import type { FaultSpec } from "./types.js";

interface Rule {
  spec: FaultSpec;
  left: number;
}

export interface FaultAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export class FaultBook {
  private rules: Rule[] = [];

  add(spec: FaultSpec): void {
    this.rules.push({ spec, left: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first matching rule with uses left; consumes one use. */
  take(method: string, path: string): FaultSpec | undefined {
    for (const r of this.rules) {
      if (r.left <= 0) continue;
      const s = r.spec;
      if (s.method !== undefined && s.method.toUpperCase() !== method) continue;
      if (typeof s.path === "string" ? s.path !== path : !matches(s.path, path)) continue;
      r.left -= 1;
      return s;
    }
    return undefined;
  }
}

function matches(re: RegExp, path: string): boolean {
  re.lastIndex = 0;
  return re.test(path);
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "400: Bad Request",
  401: "401: Unauthorized",
  403: "Missing Permissions",
  404: "404: Not Found",
  500: "500: Internal Server Error",
  502: "502: Bad Gateway",
  503: "503: Service Unavailable",
};

/** What the fault answers, or null when it only adds latency. */
export function faultAnswer(f: FaultSpec, bucketKey: string, now: number): FaultAnswer | null {
  if (f.retryAfterSeconds !== undefined) {
    const secs = f.retryAfterSeconds;
    const headers: Record<string, string> = {
      ...rateLimitHeaders(bucketKey, now),
      "retry-after": String(secs),
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset-after": secs.toFixed(3),
      "x-ratelimit-reset": ((now + secs * 1000) / 1000).toFixed(3),
      "x-ratelimit-scope": f.global ? "global" : "user",
      ...(f.global ? { "x-ratelimit-global": "true" } : {}),
    };
    const body = f.body ?? {
      message: "You are being rate limited.",
      retry_after: secs,
      global: f.global ?? false,
    };
    return { status: 429, body, headers };
  }
  if (f.status === undefined) return null;
  const body = f.body ?? { message: DEFAULT_MESSAGES[f.status] ?? `${f.status}: Error`, code: 0 };
  return { status: f.status, body, headers: rateLimitHeaders(bucketKey, now) };
}
