/** Reply values and the envelope helpers every route uses; writeReply puts a Reply on the wire. */
// @ts-nocheck

import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** a Readable is piped with backpressure (SSE, big outputs) */
  body?: string | Buffer | Readable;
}

export const JSON_CT = "application/json; charset=utf-8";
export const NOT_ALLOWED = "You are not allowed to perform this action";

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": JSON_CT, ...headers }, body: JSON.stringify(value) };
}

/** {"status":"success","body":…} */
export function ok(body: unknown): Reply {
  return json(200, { status: "success", body });
}

/** {"status":"error","message":…} */
export function fail(status: number, message: string): Reply {
  return json(status, { status: "error", message });
}

export function text(status: number, body: string, contentType = "text/plain; charset=utf-8"): Reply {
  return { status, headers: { "content-type": contentType }, body };
}

/** 2xx with no body at all */
export function empty(status = 200): Reply {
  return { status, body: "" };
}

export const notFound = (message = "not found"): Reply => fail(404, message);
export const forbidden = (): Reply => fail(403, NOT_ALLOWED);
export const badRequest = (message: string): Reply => fail(400, message);

/** SSE reply from an async generator of already-serialised `data:` payloads. */
export function sse(events: AsyncIterable<string>): Reply {
  async function* frames(): AsyncGenerator<string> {
    for await (const e of events) yield `data: ${e}\n\n`;
  }
  return {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    body: Readable.from(frames(), { objectMode: false }),
  };
}

export async function writeReply(res: ServerResponse, reply: Reply, head: boolean): Promise<void> {
  if (res.destroyed || res.writableEnded || res.headersSent) {
    if (reply.body instanceof Readable) reply.body.destroy();
    return;
  }
  const headers: Record<string, string> = { ...reply.headers };
  const body = reply.body;
  if (typeof body === "string" || Buffer.isBuffer(body) || body === undefined) {
    const buf = typeof body === "string" ? Buffer.from(body) : (body ?? Buffer.alloc(0));
    if (!hasHeader(headers, "content-length")) headers["content-length"] = String(buf.length);
    res.writeHead(reply.status, headers);
    res.end(head ? undefined : buf);
    return;
  }
  res.writeHead(reply.status, headers);
  if (head) {
    body.destroy();
    res.end();
    return;
  }
  try {
    await pipeline(body, res);
  } catch {
    // client went away or the double closed: nothing to do
  }
}

export function hasHeader(headers: Record<string, string>, name: string): boolean {
  const n = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === n);
}
