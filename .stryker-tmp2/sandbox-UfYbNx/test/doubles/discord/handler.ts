/** One HTTP request: decode path, log, faults, route, auth, body limits, handler, Discord-shaped errors. */
// @ts-nocheck

import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultBook } from "./faults.js";
import { faultAnswer } from "./faults.js";
import type { Gateway } from "./gateway.js";
import { ApiError, type ParsedBody, parseBody, rateLimitHeaders, readBody, send, tooLarge } from "./http.js";
import type { Router } from "./router.js";
import type { DoubleState } from "./state.js";
import type { LoggedCall } from "./types.js";

export const API_PREFIX = "/api/v10";

export interface HandlerDeps {
  state: DoubleState;
  gateway: Gateway;
  router: Router;
  faults: FaultBook;
  calls: LoggedCall[];
}

function decodePath(raw: string): string {
  return raw
    .split("/")
    .map((seg) => {
      try {
        return decodeURIComponent(seg);
      } catch {
        return seg;
      }
    })
    .join("/");
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function serveCdn(deps: HandlerDeps, path: string, res: ServerResponse): number {
  const [, , , channelId, id] = path.split("/"); // /cdn/attachments/<channel>/<id>/<name>
  const hosted = deps.state.cdnFiles.get(id ?? "");
  const att = [...deps.state.messages.values()]
    .filter((m) => m.channelId === channelId)
    .flatMap((m) => m.attachments)
    .find((a) => a.id === id);
  const file =
    hosted ?? (att ? { data: att.data, contentType: att.contentType ?? "application/octet-stream" } : null);
  if (!file) {
    send(res, 404, "Not Found");
    return 404;
  }
  res.writeHead(200, { "content-type": file.contentType, "content-length": String(file.data.length) });
  res.end(file.data);
  return 200;
}

export async function handleRequest(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { state } = deps;
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const full = decodePath(url.pathname);
  const isCdn = full.startsWith("/cdn/");
  const path = isCdn ? full : full.startsWith(`${API_PREFIX}/`) ? full.slice(API_PREFIX.length) : full;
  const raw = await readBody(req);
  const call: LoggedCall = {
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    headers: headerRecord(req),
    body: null,
    status: 0,
    time: state.now(),
  };
  let parsed: ParsedBody | null = null;
  let parseError: unknown = null;
  try {
    parsed = raw.truncated ? null : parseBody(raw.bytes, req.headers["content-type"]);
    call.body = parsed?.logged ?? null;
  } catch (e) {
    parseError = e;
    call.body = raw.bytes.toString("utf8").slice(0, 2000);
  }
  deps.calls.push(call);

  const match = isCdn ? null : deps.router.match(method, path);
  const bucketKey = match && match !== "method" ? match.bucketKey : `${method} ${path}`;
  const headers = rateLimitHeaders(bucketKey, state.now());
  const answer = (status: number, body: unknown, extra: Record<string, string> = headers) => {
    call.status = status;
    send(res, status, body, extra);
  };

  const fault = deps.faults.take(method, path);
  if (fault?.latencyMs) await sleep(fault.latencyMs);
  const canned = fault ? faultAnswer(fault, bucketKey, state.now()) : null;
  if (canned) return answer(canned.status, canned.body, canned.headers);

  if (isCdn) {
    call.status = serveCdn(deps, path, res);
    return;
  }
  if (!full.startsWith(`${API_PREFIX}/`) || match === null)
    return answer(404, { message: "404: Not Found", code: 0 });
  if (match === "method") return answer(405, { message: "405: Method Not Allowed", code: 0 });
  if (match.route.auth && req.headers.authorization !== `Bot ${state.opts.token}`) {
    return answer(401, { message: "401: Unauthorized", code: 0 });
  }
  try {
    if (raw.truncated) throw tooLarge();
    if (parseError) throw parseError;
    const reply = await match.route.handler({
      state,
      gateway: deps.gateway,
      params: match.params,
      query: url.searchParams,
      body: parsed ?? { json: undefined, files: [], logged: null },
    });
    answer(reply.status, reply.body);
  } catch (e) {
    if (e instanceof ApiError) return answer(e.status, e.json());
    answer(500, { message: `500: Internal Server Error (double: ${(e as Error).message})`, code: 0 });
  }
}
