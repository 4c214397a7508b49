import { Readable, Transform } from "node:stream";
import { z } from "zod";
import { BotError } from "../errors.js";

/**
 * Bytes to upload, opened only when sent (and again on a retry), never held whole: the CLI makes
 * one from a regular file on disk, chat jobs and `--args` from bytes they already have.
 */
export interface UploadSource {
  filename: string;
  /** Exact byte count (sent as Content-Length; a stream that differs fails the upload). */
  size: number;
  open(): Readable;
}

export type UploadProgress = (sent: number, total: number) => void;

export function isUploadSource(v: unknown): v is UploadSource {
  const s = v as UploadSource | undefined;
  return (
    !!s && typeof s === "object" && typeof s.open === "function" && typeof s.size === "number" && s.size >= 0
  );
}

export function bufferSource(bytes: Buffer, filename = "file"): UploadSource {
  return { filename, size: bytes.length, open: () => Readable.from([bytes]) };
}

/** A file input given as base64 in a JSON input (`--args`), or an UploadSource (CLI `--file`). */
export const fileInput = z.union([
  z.object({ base64: z.string().min(1), filename: z.string().optional() }).strict(),
  z.custom<UploadSource>(isUploadSource, "a file (--file field=path)"),
]);
export type FileInput = z.output<typeof fileInput>;

export function toUploadSource(f: FileInput, fallbackName: string): UploadSource {
  return isUploadSource(f) ? f : bufferSource(Buffer.from(f.base64, "base64"), f.filename ?? fallbackName);
}

/** Refuses a file over `maxBytes` before anything is sent. */
export function checkUploadSize(src: UploadSource, maxBytes: number, what: string): void {
  if (src.size <= maxBytes) return;
  throw new BotError({
    code: "FILE_TOO_LARGE",
    family: "usage",
    message: `${what}: ${src.filename} is ${src.size} bytes; the most is ${maxBytes} bytes.`,
  });
}

/**
 * The source's stream, counted as it flows: more bytes than declared fails (a file that grew
 * while being read), progress is reported at most every 1% of the total.
 */
export function countedStream(src: UploadSource, onProgress?: UploadProgress): Readable {
  let sent = 0;
  let reported = -1;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      if (sent > src.size) {
        cb(new Error(`${src.filename} grew past its ${src.size} bytes while uploading`));
        return;
      }
      const step = Math.floor((sent / Math.max(1, src.size)) * 100);
      if (onProgress && step !== reported) {
        reported = step;
        onProgress(sent, src.size);
      }
      cb(null, chunk);
    },
  });
  const input = src.open();
  input.on("error", (err) => counter.destroy(err));
  return input.pipe(counter);
}
