/** multipart/form-data parsing for the bodies @discordjs/rest sends (files[n] parts + payload_json). */
// @ts-nocheck

import { createHash } from "node:crypto";
import type { UploadedFile } from "./types.js";

export interface ParsedMultipart {
  fields: Record<string, string>;
  files: UploadedFile[];
}

export function boundaryOf(contentType: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const quoted = new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition);
  if (quoted) return quoted[1]?.replace(/\\(.)/g, "$1");
  const bare = new RegExp(`(?:^|;)\\s*${key}=([^;]+)`, "i").exec(disposition);
  return bare?.[1]?.trim();
}

/** Throws on a malformed body (the caller answers 400). */
export function parseMultipart(body: Buffer, boundary: string): ParsedMultipart {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error("multipart boundary not found");
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === "--") break;
    pos += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw new Error("multipart part without headers");
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString("utf8"));
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error("multipart part not terminated");
    const data = body.subarray(headerEnd + 4, next);
    const disposition = headers["content-disposition"] ?? "";
    const name = dispositionParam(disposition, "name") ?? "";
    const filename = dispositionParam(disposition, "filename");
    if (filename === undefined) {
      fields[name] = data.toString("utf8");
    } else {
      const copy = Buffer.from(data);
      files.push({
        name,
        filename,
        contentType: headers["content-type"] ?? "application/octet-stream",
        size: copy.length,
        sha256: createHash("sha256").update(copy).digest("hex"),
        data: copy,
      });
    }
    pos = next + 2;
  }
  return { fields, files };
}

/** The n of a "files[n]" part name, or null. */
export function fileIndex(partName: string): string | null {
  const m = /^files\[(\d+)\]$/.exec(partName) ?? /^file(\d*)$/.exec(partName);
  return m ? (m[1] ?? "0") || "0" : null;
}
