/** Fault rules: matching, consumption and the canned replies they produce. */
// @ts-nocheck

import type { Reply } from "./envelope.js";
import { hasHeader, JSON_CT, json, NOT_ALLOWED, text } from "./envelope.js";
import type { FaultSpec } from "./types.js";

interface Rule {
  spec: FaultSpec;
  left: number;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: NOT_ALLOWED,
  404: "not found",
  408: "Request timeout",
  409: "No instances available - try again later",
  429: "Too many requests - please slow down",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service temporarily unavailable",
  504: "Gateway timeout",
};

export const MALFORMED_BODY = '{"status":"succ';

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
      if (s.method !== undefined && s.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!pathMatches(s.path, path)) continue;
      r.left -= 1;
      return s;
    }
    return undefined;
  }
}

export function pathMatches(p: string | RegExp, path: string): boolean {
  if (typeof p === "string") return p === path;
  p.lastIndex = 0;
  return p.test(path);
}

/** Whether the rule replaces the handler's answer. */
export function overridesAnswer(f: FaultSpec): boolean {
  return f.status !== undefined || f.malformed === true;
}

export function faultReply(f: FaultSpec): Reply {
  const headers: Record<string, string> = { ...f.headers };
  const status = f.status ?? 200;
  if (status === 429 && f.headers === undefined) headers["retry-after"] = "1";
  if (f.malformed) {
    if (!hasHeader(headers, "content-type")) headers["content-type"] = JSON_CT;
    return { status, headers, body: MALFORMED_BODY };
  }
  const message =
    typeof f.body === "string" ? f.body : (DEFAULT_MESSAGES[status] ?? `HTTP ${status} (injected fault)`);
  if (status >= 400 && f.envelope === "object") {
    return json(status, { status: { status: "error", message } }, headers);
  }
  if (status >= 400 && (f.envelope === "string" || f.body === undefined)) {
    return json(status, { status: "error", message }, headers);
  }
  if (f.body === undefined) return { status, headers, body: "" };
  if (typeof f.body === "string") {
    const r = text(status, f.body);
    return { ...r, headers: { ...r.headers, ...headers } };
  }
  if (Buffer.isBuffer(f.body)) return { status, headers, body: f.body };
  return json(status, f.body, headers);
}
