import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { usageError } from "../../core/errors.js";

/**
 * Checks, before anything is paid for, that `--out` is a folder this user can write into (or can
 * be created): an existing file of that name, or a read-only place, is a usage error now rather
 * than a lost result later.
 */
export function checkOutDir(dir: string): void {
  let at = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch {
      const up = dirname(at);
      if (up === at) return;
      at = up;
      continue;
    }
    if (!isDir) {
      throw usageError(
        "OUT_NOT_A_FOLDER",
        at === resolve(dir)
          ? `--out ${dir} is a file; --out takes a folder (results are written into it as <job>-1-<name>). Give a folder, or a name that does not exist yet.`
          : `--out ${dir} cannot be created: ${at} is a file.`,
      );
    }
    try {
      accessSync(at, constants.W_OK);
    } catch {
      throw usageError(
        "OUT_NOT_WRITABLE",
        `--out ${dir}: ${at} is not writable by this user; give another folder.`,
      );
    }
    return;
  }
}
