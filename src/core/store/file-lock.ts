import { readFile, unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BotError } from "../errors.js";
import { storeError } from "./state-store.js";

/** Lock files this process holds (resolved paths), so a second open in the same process is refused too. */
const held = new Set<string>();

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === "EPERM";
  }
}

function lockedError(dataDir: string, pid: number, where: string): BotError {
  return storeError(
    "store_locked",
    `The data dir ${dataDir} is in use by ${where} (pid ${pid}). Stop it, or give this process its own DATA_DIR (or set REDIS_URL to share state).`,
    { details: { dataDir, pid } },
  );
}

async function readOwner(path: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(path, "utf8")).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes `<dataDir>/state.lock` (created with `wx`, holding our pid). A lock whose pid is alive
 * refuses with `store_locked`; a stale one is taken over: dead pid, unreadable content, or our own
 * pid without this process holding it (containers restart as the same pid, often 1).
 * Resolves to the release function.
 */
export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  const path = resolve(join(dataDir, "state.lock"));
  if (held.has(path)) throw lockedError(dataDir, process.pid, "another store in this process");
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx" });
      held.add(path);
      return () => releaseLock(path);
    } catch (err) {
      if (errno(err) !== "EEXIST") {
        throw storeError("store_io_error", `Cannot create the lock file ${path}: ${errno(err) ?? err}.`, {
          cause: err,
        });
      }
    }
    let owner = await readOwner(path);
    if (owner === null) {
      // Possibly created an instant ago and not yet written: look again before calling it stale.
      await sleep(50);
      owner = await readOwner(path);
    }
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      throw lockedError(dataDir, owner, "another running process");
    }
    await unlink(path).catch((err: unknown) => {
      if (errno(err) !== "ENOENT") {
        throw storeError(
          "store_io_error",
          `Cannot remove the stale lock file ${path}: ${errno(err) ?? err}.`,
        );
      }
    });
  }
  throw storeError("store_locked", `Could not take the lock file ${path}; another process keeps taking it.`);
}

async function releaseLock(path: string): Promise<void> {
  if (!held.delete(path)) return;
  if ((await readOwner(path)) === process.pid) await unlink(path).catch(() => {});
}
