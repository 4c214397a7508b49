/** Reads and classifies request bodies (JSON, text, multipart, binary) for handlers and the log. */
// @ts-nocheck

import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { MultipartFile, ParsedBody } from "./context.js";

/** Bodies above this are counted and hashed but not kept in memory. */
export const KEEP_BYTES = 32 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Pick<ParsedBody, "raw" | "size" | "sha256">> {
  const hash = createHash("sha256");
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    hash.update(b);
    if (size + b.length <= KEEP_BYTES) parts.push(b);
    size += b.length;
  }
  return { raw: Buffer.concat(parts), size, sha256: hash.digest("hex") };
}

const BINARY = /^(application\/octet-stream|image\/|video\/|audio\/|application\/pdf|application\/zip)/;

async function multipart(contentType: string, raw: Buffer): Promise<ParsedBody["form"]> {
  const req = new Request("http://127.0.0.1/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
    duplex: "half",
  });
  const form = await req.formData();
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      fields[field] = value;
    } else {
      const content = Buffer.from(await value.arrayBuffer());
      files.push({ field, filename: value.name, contentType: value.type, size: content.length, content });
    }
  }
  return { fields, files };
}

export async function parseBody(
  contentType: string,
  read: Pick<ParsedBody, "raw" | "size" | "sha256">,
): Promise<ParsedBody> {
  const base = { ...read, malformed: false };
  const ct = contentType.toLowerCase();
  if (read.size === 0) return { ...base, kind: "none" };
  if (ct.startsWith("multipart/form-data")) {
    try {
      return { ...base, kind: "multipart", form: await multipart(contentType, read.raw) };
    } catch {
      return { ...base, kind: "binary", malformed: true };
    }
  }
  if (BINARY.test(ct) || read.raw.length < read.size) return { ...base, kind: "binary" };
  const text = read.raw.toString("utf8");
  if (ct === "" || ct.includes("json")) {
    try {
      return { ...base, kind: "json", json: JSON.parse(text) };
    } catch {
      return { ...base, kind: "text", text, malformed: ct.includes("json") || /^\s*[[{]/.test(text) };
    }
  }
  return { ...base, kind: "text", text };
}

/** The LoggedRequest.body form of a parsed body. */
export function logBody(p: ParsedBody): unknown {
  switch (p.kind) {
    case "none":
      return undefined;
    case "json":
      return p.json;
    case "text":
      return p.text;
    case "multipart":
      return {
        multipart: {
          fields: p.form?.fields ?? {},
          files: (p.form?.files ?? []).map(({ field, filename, contentType, size }) => ({
            field,
            filename,
            contentType,
            size,
          })),
        },
      };
    default:
      return { bytes: p.size };
  }
}
