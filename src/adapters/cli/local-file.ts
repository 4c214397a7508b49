import { accessSync, closeSync, constants, createReadStream, fstatSync, openSync, statSync } from "node:fs";
import { basename } from "node:path";
import { usageError } from "../../core/errors.js";
import type { UploadSource } from "../../core/theta/upload-source.js";

const notAFile = (field: string, path: string, what: string) =>
  usageError("NOT_A_FILE", `--file ${field}: ${path} is ${what}; give a regular file on disk.`);

/**
 * `--file field=path` as an upload source: only a regular, readable, non-empty file. It is opened
 * when the upload starts (non-blocking, so a FIFO swapped in cannot hang it) and streamed; the
 * upload counts the bytes and fails if the file grows past the size it had here.
 */
export function localFile(field: string, path: string): UploadSource {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(
      "FILE_NOT_FOUND",
      code === "ENOENT"
        ? `--file ${field}: there is no file at ${path}.`
        : `--file ${field}: cannot read ${path} (${code}).`,
    );
  }
  if (st.isDirectory()) throw notAFile(field, path, "a directory");
  if (!st.isFile()) throw notAFile(field, path, "not a regular file (a device, pipe or socket)");
  if (st.size === 0) throw usageError("FILE_EMPTY", `--file ${field}: ${path} is empty.`);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw usageError("FILE_NOT_READABLE", `--file ${field}: ${path} is not readable by this user.`);
  }
  return {
    filename: basename(path),
    size: st.size,
    open() {
      const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      if (!fstatSync(fd).isFile()) {
        closeSync(fd);
        throw notAFile(field, path, "no longer a regular file");
      }
      return createReadStream("", { fd });
    },
  };
}
