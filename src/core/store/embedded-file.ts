import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MemoryState } from "./embedded-data.js";
import { acquireLock } from "./file-lock.js";
import { removeLeftoverTemps } from "./snapshot-writer.js";
import { storeError } from "./state-store.js";

/** Reads state.json; absent = empty. A damaged file is never discarded: it is reported as store_corrupt. */
async function loadState(file: string): Promise<MemoryState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new MemoryState();
    throw storeError("store_io_error", `Cannot read the state file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    return MemoryState.parse(text);
  } catch (err) {
    const why = err instanceof SyntaxError ? "not JSON" : "unexpected shape";
    throw storeError(
      "store_corrupt",
      `The state file ${file} is corrupt (${why}). Move it aside (e.g. mv ${file} ${file}.corrupt) and restart to begin empty, or restore it from a backup.`,
      { details: { file }, cause: err },
    );
  }
}

export interface OpenedDataDir {
  state: MemoryState;
  file: string;
  release: () => Promise<void>;
}

/**
 * Creates the data dir (recursively), takes its lock, removes temp files of a crashed write and
 * loads state.json. On any failure the lock is released again.
 */
export async function openDataDir(dir: string): Promise<OpenedDataDir> {
  const dataDir = resolve(dir);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw storeError("store_io_error", `Cannot create the data dir ${dataDir}: ${code}.`, { cause: err });
  }
  const release = await acquireLock(dataDir);
  const file = join(dataDir, "state.json");
  try {
    await removeLeftoverTemps(file);
    return { state: await loadState(file), file, release };
  } catch (err) {
    await release();
    throw err;
  }
}
