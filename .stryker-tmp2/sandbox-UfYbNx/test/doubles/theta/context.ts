/** Per-request context and the per-double core shared by all route modules. */
// @ts-nocheck

import type { Reply } from "./envelope.js";
import { fail } from "./envelope.js";
import type { State } from "./state.js";
import type { BaseUrls, MultipartFileInfo, ResolvedOptions } from "./types.js";

export interface MultipartFile extends MultipartFileInfo {
  content: Buffer;
}

export interface ParsedBody {
  kind: "none" | "json" | "text" | "multipart" | "binary";
  json?: unknown;
  text?: string;
  form?: { fields: Record<string, string>; files: MultipartFile[] };
  /** the bytes kept in memory (may be shorter than size for huge uploads) */
  raw: Buffer;
  size: number;
  sha256: string;
  /** a JSON (or multipart) body that did not parse */
  malformed: boolean;
}

export interface Core {
  opts: ResolvedOptions;
  url: string;
  baseUrls: BaseUrls;
  state: State;
  /** aborted by close(): ends waits early */
  signal: AbortSignal;
  sleep(ms: number): Promise<void>;
  /** run fn later unless the double closes first */
  schedule(ms: number, fn: () => void): void;
}

export interface Ctx {
  core: Core;
  method: string;
  /** path inside the family (prefix stripped), e.g. "/deployment/list" */
  path: string;
  /** full path without query */
  fullPath: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: ParsedBody;
}

export type Handler = (ctx: Ctx, params: string[]) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  re: RegExp;
  handler: Handler;
}

/** route("PUT", "/deployment/:shard/:suffix/stop", h): `:x` matches one path segment */
export function route(method: string, pattern: string, handler: Handler): Route {
  const src = pattern
    .split("/")
    .map((s) => (s.startsWith(":") ? "([^/]+)" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return { method, re: new RegExp(`^${src}/?$`), handler };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** First route whose method and pattern match; otherwise 404 with the error envelope. */
export async function runRoutes(routes: Route[], ctx: Ctx): Promise<Reply> {
  for (const r of routes) {
    if (r.method !== ctx.method && !(r.method === "GET" && ctx.method === "HEAD")) continue;
    const m = r.re.exec(ctx.path);
    if (!m) continue;
    return r.handler(
      ctx,
      m.slice(1).map((s) => decode(s ?? "")),
    );
  }
  return fail(404, `route not found: ${ctx.method} ${ctx.fullPath}`);
}

/** The JSON body as an object, or undefined (absent, array, scalar or text). */
export function jsonBody(ctx: Ctx): Record<string, unknown> | undefined {
  const v = ctx.body.json;
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
