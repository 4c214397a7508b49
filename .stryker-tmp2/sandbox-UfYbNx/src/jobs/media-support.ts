/** Pure helpers for media fetch: URL display, content types, filenames and sizes. */
// @ts-nocheck

export type MediaKind = "image" | "video" | "audio" | "any";

/** scheme + host + path: signed URLs carry their signature in the query, which never reaches a message. */
export function displayUrl(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}`;
}

export function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The media type without parameters, lower-cased; absent means octet-stream (RFC 9110 §8.3). */
export function bareContentType(raw: string | undefined): string {
  const t = (raw ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return t === "" ? "application/octet-stream" : t;
}

const HTML = new Set(["text/html", "application/xhtml+xml"]);
const VIDEO_EXTRA = new Set([
  "application/octet-stream",
  "application/vnd.apple.mpegurl",
  "application/x-mpegurl",
]);

export function typeFitsKind(contentType: string, kind: MediaKind): boolean {
  if (HTML.has(contentType)) return false;
  switch (kind) {
    case "image":
      return contentType.startsWith("image/");
    case "video":
      return contentType.startsWith("video/") || VIDEO_EXTRA.has(contentType);
    case "audio":
      return contentType.startsWith("audio/");
    default:
      return true;
  }
}

const EXT: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/mpeg": "mp3",
  "audio/ogg": "ogg",
  "audio/flac": "flac",
  "application/vnd.apple.mpegurl": "m3u8",
  "application/x-mpegurl": "m3u8",
  "application/octet-stream": "bin",
};

export function extensionFor(contentType: string): string {
  const known = EXT[contentType];
  if (known) return known;
  const sub = (contentType.split("/")[1] ?? "").replace(/^x-/, "").replace(/[^a-z0-9]/g, "");
  return sub.length > 0 && sub.length <= 10 ? sub : "bin";
}

/** [A-Za-z0-9._-] only, no leading dots, at most 100 characters (keeping a short extension). */
export function sanitizeFilename(raw: string): string {
  let name = raw
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .replace(/_+$/, "");
  if (name.length > 100) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? "";
    name = name.slice(0, 100 - ext.length) + ext;
  }
  return name;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** filename*= (RFC 5987) first, then filename=, quoted or not. */
export function dispositionFilename(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:[\w!#$%&+^`{}~-]+)?'[^']*'([^;]+)/i.exec(header)?.[1];
  if (star) return decode(star.trim().replace(/^"|"$/g, ""));
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  const v = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2]?.trim();
  return v ? v.replace(/^.*[\\/]/, "") : undefined;
}

export function pickFilename(url: URL, disposition: string | undefined, contentType: string): string {
  const ext = extensionFor(contentType);
  const lastSegment = decode(url.pathname.split("/").pop() ?? "");
  for (const candidate of [dispositionFilename(disposition), lastSegment]) {
    const name = candidate === undefined ? "" : sanitizeFilename(candidate);
    if (name !== "") return /\.[A-Za-z0-9]{1,10}$/.test(name) ? name : sanitizeFilename(`${name}.${ext}`);
  }
  return `output.${ext}`;
}

export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1) return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
