import { addDecimal, addInteger, type MemoryState } from "./embedded-data.js";
import { openDataDir } from "./embedded-file.js";
import { SnapshotWriter } from "./snapshot-writer.js";
import {
  checkDecimalBy,
  checkIntegerBy,
  checkLimit,
  checkTtl,
  closedError,
  DEFAULT_KEY_PREFIX,
  type StateStore,
} from "./state-store.js";

export interface EmbeddedStoreOptions {
  dataDir: string;
  keyPrefix?: string;
  /** How often expired keys are swept from memory and disk (default 60 s). */
  sweepIntervalMs?: number;
}

/**
 * Single-process StateStore: everything in memory, persisted to `<dataDir>/state.json` by coalesced
 * atomic writes, guarded by `<dataDir>/state.lock`. Operations resolve once applied in memory;
 * `flush()` and `close()` resolve once the state is on disk.
 */
export class EmbeddedStore implements StateStore {
  readonly kind = "embedded" as const;
  private closed = false;
  private readonly writer: SnapshotWriter;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly state: MemoryState,
    private readonly prefix: string,
    file: string,
    private readonly release: () => Promise<void>,
    sweepIntervalMs: number,
  ) {
    this.writer = new SnapshotWriter(file, () => state.serialize());
    this.sweeper = setInterval(() => {
      if (state.sweep() > 0) this.writer.markDirty();
    }, sweepIntervalMs);
    this.sweeper.unref();
  }

  static async open(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const { state, file, release } = await openDataDir(opts.dataDir);
    const prefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
    return new EmbeddedStore(state, prefix, file, release, opts.sweepIntervalMs ?? 60_000);
  }

  /** Namespaced key, after checking the store is open. */
  private k(key: string): string {
    if (this.closed) throw closedError("embedded");
    return this.prefix + key;
  }

  async get(key: string): Promise<string | null> {
    return this.state.string(this.k(key), key) ?? null;
  }

  async set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void> {
    const ttl = checkTtl(opts?.ttlMs);
    this.state.entries.set(this.k(key), {
      type: "string",
      value,
      expiresAt: ttl ? Date.now() + ttl : undefined,
    });
    this.writer.markDirty();
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const k = this.k(key);
    if (this.state.live(k)) return false;
    this.state.entries.set(k, { type: "string", value, expiresAt: ttl ? Date.now() + ttl : undefined });
    this.writer.markDirty();
    return true;
  }

  async compareAndSet(
    key: string,
    expected: string | null,
    next: string | null,
    opts?: { ttlMs?: number },
  ): Promise<boolean> {
    const ttl = checkTtl(opts?.ttlMs);
    const k = this.k(key);
    if ((this.state.string(k, key) ?? null) !== expected) return false;
    if (next === null) this.state.entries.delete(k);
    else if (ttl) this.state.entries.set(k, { type: "string", value: next, expiresAt: Date.now() + ttl });
    else this.state.putKeepTtl(k, next);
    this.writer.markDirty();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const k = this.k(key);
    const existed = this.state.live(k) !== undefined;
    if (existed) {
      this.state.entries.delete(k);
      this.writer.markDirty();
    }
    return existed;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs) as number;
    const entry = this.state.live(this.k(key));
    if (!entry) return false;
    entry.expiresAt = Date.now() + ttl;
    this.writer.markDirty();
    return true;
  }

  async ttlMs(key: string): Promise<number | null> {
    const now = Date.now();
    const entry = this.state.live(this.k(key), now);
    if (!entry) return null;
    return entry.expiresAt === undefined ? -1 : entry.expiresAt - now;
  }

  async incr(key: string, by = 1): Promise<number> {
    checkIntegerBy(by);
    const k = this.k(key);
    const result = addInteger(this.state.string(k, key), by, key);
    this.state.putKeepTtl(k, String(result));
    this.writer.markDirty();
    return result;
  }

  async incrDecimal(key: string, by: number): Promise<number> {
    checkDecimalBy(by);
    const k = this.k(key);
    const result = addDecimal(this.state.string(k, key), by, key);
    this.state.putKeepTtl(k, String(result));
    this.writer.markDirty();
    return result;
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.state.hash(this.k(key), key)?.get(field) ?? null;
  }

  async hset(key: string, values: Record<string, string>): Promise<void> {
    const fields = Object.entries(values);
    if (fields.length === 0) return;
    const hash = this.state.ensureHash(this.k(key), key);
    for (const [field, value] of fields) hash.set(field, value);
    this.writer.markDirty();
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.state.hash(this.k(key), key) ?? []);
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    const k = this.k(key);
    const hash = this.state.hash(k, key);
    if (!hash) return 0;
    let removed = 0;
    for (const field of new Set(fields)) if (hash.delete(field)) removed++;
    if (hash.size === 0) this.state.entries.delete(k);
    if (removed > 0) this.writer.markDirty();
    return removed;
  }

  async hincr(key: string, field: string, by: number): Promise<number> {
    checkDecimalBy(by);
    const k = this.k(key);
    const result = addDecimal(this.state.hash(k, key)?.get(field), by, key);
    this.state.ensureHash(k, key).set(field, String(result));
    this.writer.markDirty();
    return result;
  }

  async keys(prefix: string, limit?: number): Promise<string[]> {
    const max = checkLimit(limit);
    const full = this.k(prefix);
    const now = Date.now();
    const found: string[] = [];
    for (const key of [...this.state.entries.keys()]) {
      if (key.startsWith(full) && this.state.live(key, now)) found.push(key.slice(this.prefix.length));
    }
    return found.sort().slice(0, max);
  }

  async ping(): Promise<void> {
    this.k("");
  }

  /** Resolves once every change made so far is on disk. */
  async flush(): Promise<void> {
    this.k("");
    await this.writer.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    try {
      await this.writer.flush();
    } finally {
      await this.release();
    }
  }
}
