import { open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { storeError } from "./state-store.js";

/** Writes `text` to `file` atomically: `<file>.tmp-<pid>`, fsync, rename, then fsync the directory. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const handle = await open(tmp, "w", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  try {
    const dir = await open(dirname(file), "r");
    await dir.sync().finally(() => dir.close());
  } catch {
    // Directory fsync is best effort (not supported everywhere); the rename itself is atomic.
  }
}

/** Removes `<file>.tmp-*` left by a process that died mid-write (call only while holding the lock). */
export async function removeLeftoverTemps(file: string): Promise<void> {
  const prefix = `${basename(file)}.tmp-`;
  for (const name of await readdir(dirname(file))) {
    if (name.startsWith(prefix)) await unlink(join(dirname(file), name)).catch(() => {});
  }
}

/**
 * Coalesced persistence: at most one write in flight; changes made meanwhile mark the state dirty
 * and are written by one follow-up write. A failed background write is retried after `retryMs`;
 * `flush()` reports the failure.
 */
export class SnapshotWriter {
  private inFlight: Promise<void> | null = null;
  private dirty = false;
  private failure: unknown = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => string,
    private readonly retryMs = 1000,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (!this.inFlight && !this.retryTimer) this.inFlight = this.run();
  }

  private async run(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve)); // let this tick's changes coalesce
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeAtomic(this.file, this.snapshot());
        this.failure = null;
      }
    } catch (err) {
      this.dirty = true;
      this.failure = err;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.dirty && !this.inFlight) this.inFlight = this.run();
      }, this.retryMs);
      this.retryTimer.unref();
    } finally {
      this.inFlight = null;
    }
  }

  /** Resolves once everything changed so far is on disk; rejects with `store_write_failed`. */
  async flush(): Promise<void> {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    while (this.inFlight || this.dirty) {
      if (!this.inFlight) this.inFlight = this.run();
      await this.inFlight;
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
        const code = (this.failure as NodeJS.ErrnoException | null)?.code ?? String(this.failure);
        throw storeError("store_write_failed", `Could not write the state file ${this.file}: ${code}.`, {
          retriable: true,
          cause: this.failure,
        });
      }
    }
  }
}
