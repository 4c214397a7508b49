// @ts-nocheck
import type { IncomingMessage, ServerResponse } from "node:http";

/** Form fields WebClient JSON-encodes because the argument was an object or array. */
const JSON_FIELDS = new Set(["blocks", "attachments", "view", "files", "metadata", "unfurls", "options"]);

export type Fields = Record<string, unknown>;

export interface ParsedBody {
  contentType: string;
  raw: Buffer;
  fields: Fields;
  /** Binary parts of a multipart body, by field name. */
  binary: Record<string, Buffer>;
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeJsonFields(fields: Fields): Fields {
  for (const [k, v] of Object.entries(fields)) {
    if (JSON_FIELDS.has(k) && typeof v === "string" && /^\s*[[{]/.test(v)) {
      try {
        fields[k] = JSON.parse(v);
      } catch {
        // leave malformed JSON as the string; handlers reject it
      }
    }
  }
  return fields;
}

export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readRaw(req);
  const contentType = req.headers["content-type"] ?? "";
  const binary: Record<string, Buffer> = {};
  let fields: Fields = {};
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    fields = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  } else if (contentType.startsWith("application/json")) {
    const parsed: unknown = raw.length ? JSON.parse(raw.toString("utf8")) : {};
    fields = parsed !== null && typeof parsed === "object" ? (parsed as Fields) : { value: parsed };
  } else if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") fields[k] = v;
      else binary[k] = Buffer.from(await v.arrayBuffer());
    }
  }
  return { contentType, raw, fields: decodeJsonFields(fields), binary };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function truthy(v: unknown): boolean {
  return v === true || v === "true" || v === "1" || v === 1;
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === "string" ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1]?.trim();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
