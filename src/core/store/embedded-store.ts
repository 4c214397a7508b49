import type Database from "better-sqlite3";
import { addDecimal, addInteger } from "./embedded-data.js";
import { importLegacyState } from "./sqlite-import.js";
import { mapSqliteError, openDatabase } from "./sqlite-open.js";
import { type Row, Rows } from "./sqlite-rows.js";
import { ZsetRows } from "./sqlite-zset.js";
import {
  checkBound,
  checkDecimalBy,
  checkIndexWrites,
  checkIntegerBy,
  checkLimit,
  checkRange,
  checkScore,
  checkTtl,
  closedError,
  DEFAULT_KEY_PREFIX,
  type IndexWrite,
  type StateStore,
} from "./state-store.js";

export interface EmbeddedStoreOptions {
  dataDir: string;
  keyPrefix?: string;
  /** How often expired keys are deleted from the database (default 60 s); reads skip them anyway. */
  sweepIntervalMs?: number;
  /** How long a write waits for another process's write to finish (default 5 s). */
  busyTimeoutMs?: number;
}

type Tx = ((fn: () => unknown) => unknown) & {
  immediate(fn: () => unknown): unknown;
  deferred(fn: () => unknown): unknown;
};

/**
 * StateStore on SQLite (`<dataDir>/state.db`, WAL mode), shared safely by every process on the
 * machine that opens the same data dir (the bot, workers, the CLI). Each write is one
 * `BEGIN IMMEDIATE` transaction, so read-modify-write operations (incr, set-if-absent,
 * compare-and-set) are atomic across processes; reads see one consistent snapshot. A call resolves
 * once its transaction has committed. A legacy `state.json` is imported on first open.
 */
export class EmbeddedStore implements StateStore {
  readonly kind = "embedded" as const;
  private closed = false;
  private readonly rows: Rows;
  private readonly z: ZsetRows;
  private readonly tx: Tx;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly prefix: string,
    sweepIntervalMs: number,
  ) {
    this.rows = new Rows(db);
    this.z = new ZsetRows(db, this.rows);
    this.tx = db.transaction((fn: () => unknown) => fn()) as unknown as Tx;
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  static async open(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const { db, dataDir, file } = openDatabase(opts.dataDir, opts.busyTimeoutMs);
    try {
      importLegacyState(db, dataDir);
    } catch (err) {
      db.close();
      throw mapSqliteError(err, file);
    }
    return new EmbeddedStore(db, file, opts.keyPrefix ?? DEFAULT_KEY_PREFIX, opts.sweepIntervalMs ?? 60_000);
  }

  /** Runs `fn` with the namespaced key in a write transaction (or a read snapshot), mapping failures. */
  private run<T>(mode: "write" | "read", key: string, fn: (k: string, now: number) => T): T {
    if (this.closed) throw closedError("embedded");
    const k = this.prefix + key;
    try {
      const body = () => fn(k, Date.now());
      return (mode === "write" ? this.tx.immediate(body) : this.tx.deferred(body)) as T;
    } catch (err) {
      throw mapSqliteError(err, this.file);
    }
  }

  /** The live row for a read (expired rows are skipped, not deleted: reads never take the write lock). */
  private read(k: string, now: number): Row | undefined {
    return this.rows.liveEntry.get(k, now);
  }

  async get(key: string): Promise<string | null> {
    return this.run(
      "read",
      key,
      (k, now) => this.rows.expect(this.read(k, now), "string", key)?.value ?? null,
    );
  }

  async set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void> {
    const ttl = checkTtl(opts?.ttlMs);
    this.run("write", key, (k, now) => {
      const old = this.rows.entry.get(k);
      if (old && old.type !== "string") this.rows.drop(k, old.type);
      this.rows.upsertString.run(k, value, ttl ? now + ttl : null);
    });
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    return this.run("write", key, (k, now) => {
      if (this.rows.live(k, now)) return false;
      this.rows.upsertString.run(k, value, ttl ? now + ttl : null);
      return true;
    });
  }

  async compareAndSet(
    key: string,
    expected: string | null,
    next: string | null,
    opts?: { ttlMs?: number; index?: readonly IndexWrite[] },
  ): Promise<boolean> {
    const ttl = checkTtl(opts?.ttlMs);
    const index = checkIndexWrites(opts?.index);
    return this.run("write", key, (k, now) => {
      const row = this.rows.expect(this.rows.live(k, now), "string", key);
      if ((row?.value ?? null) !== expected) return false;
      // In the same transaction: a failing index write rolls the whole call back.
      for (const w of index) {
        const ik = this.prefix + w.key;
        if (w.remove) this.z.remove(ik, w.key, [w.member], now);
        else this.z.add(ik, w.key, [[w.member, w.score]], now);
      }
      if (next === null) this.rows.deleteEntry.run(k);
      else this.rows.upsertString.run(k, next, ttl ? now + ttl : (row?.expires_at ?? null));
      return true;
    });
  }

  async delete(key: string): Promise<boolean> {
    return this.run("write", key, (k, now) => {
      const row = this.rows.live(k, now);
      if (row) this.rows.drop(k, row.type);
      return row !== undefined;
    });
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs) as number;
    return this.run("write", key, (k, now) => {
      if (!this.rows.live(k, now)) return false;
      this.rows.setExpiry.run(now + ttl, k);
      return true;
    });
  }

  async ttlMs(key: string): Promise<number | null> {
    return this.run("read", key, (k, now) => {
      const row = this.read(k, now);
      if (!row) return null;
      return row.expires_at === null ? -1 : row.expires_at - now;
    });
  }

  async incr(key: string, by = 1): Promise<number> {
    checkIntegerBy(by);
    return this.add(key, (current) => addInteger(current, by, key));
  }

  async incrDecimal(key: string, by: number): Promise<number> {
    checkDecimalBy(by);
    return this.add(key, (current) => addDecimal(current, by, key));
  }

  /** Read-modify-write of a string number, keeping its expiry (INCR semantics). */
  private add(key: string, compute: (current: string | undefined) => number): number {
    return this.run("write", key, (k, now) => {
      const row = this.rows.expect(this.rows.live(k, now), "string", key);
      const result = compute(row?.value ?? undefined);
      this.rows.upsertString.run(k, String(result), row?.expires_at ?? null);
      return result;
    });
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.run("read", key, (k, now) => {
      if (!this.rows.expect(this.read(k, now), "hash", key)) return null;
      return this.rows.field.get(k, field)?.value ?? null;
    });
  }

  async hset(key: string, values: Record<string, string>): Promise<void> {
    const fields = Object.entries(values);
    if (fields.length === 0) return;
    this.run("write", key, (k, now) => {
      this.rows.ensure(k, "hash", key, now);
      for (const [field, value] of fields) this.rows.upsertField.run(k, field, value);
    });
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return this.run("read", key, (k, now) => {
      const out: Record<string, string> = {};
      if (!this.rows.expect(this.read(k, now), "hash", key)) return out;
      for (const { field, value } of this.rows.fields.all(k)) out[field] = value;
      return out;
    });
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    if (fields.length === 0) return 0;
    return this.run("write", key, (k, now) => {
      if (!this.rows.expect(this.rows.live(k, now), "hash", key)) return 0;
      let removed = 0;
      for (const field of new Set(fields)) removed += this.rows.deleteField.run(k, field).changes;
      this.rows.dropIfEmpty(k, "hash");
      return removed;
    });
  }

  async hincr(key: string, field: string, by: number): Promise<number> {
    checkDecimalBy(by);
    return this.run("write", key, (k, now) => {
      this.rows.ensure(k, "hash", key, now);
      const result = addDecimal(this.rows.field.get(k, field)?.value, by, key);
      this.rows.upsertField.run(k, field, String(result));
      return result;
    });
  }

  async zadd(key: string, members: Record<string, number>): Promise<number> {
    const entries = Object.entries(members);
    for (const [, score] of entries) checkScore(score);
    if (entries.length === 0) return 0;
    return this.run("write", key, (k, now) => this.z.add(k, key, entries, now));
  }

  async zrem(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.run("write", key, (k, now) => this.z.remove(k, key, members, now));
  }

  async zrange(
    key: string,
    opts?: { reverse?: boolean; offset?: number; limit?: number },
  ): Promise<string[]> {
    const { offset, limit } = checkRange(opts);
    const o = { reverse: opts?.reverse === true, offset, limit: limit ?? -1 };
    return this.run("read", key, (k, now) => this.z.range(k, key, now, o));
  }

  async zscore(key: string, member: string): Promise<number | null> {
    return this.run("read", key, (k, now) => this.z.score(k, key, member, now));
  }

  async zcard(key: string): Promise<number> {
    return this.run("read", key, (k, now) => this.z.count(k, key, now));
  }

  async zremRangeByScore(key: string, min: number, max: number): Promise<number> {
    checkBound(min);
    checkBound(max);
    return this.run("write", key, (k, now) => this.z.removeByScore(k, key, min, max, now));
  }

  async keys(prefix: string, limit?: number): Promise<string[]> {
    const max = checkLimit(limit);
    return this.run("read", prefix, (full, now) =>
      this.rows.keys(full, now, max).map((key) => key.slice(this.prefix.length)),
    );
  }

  async ping(): Promise<void> {
    this.run("read", "", () => this.rows.entry.get(""));
  }

  /** Deletes expired keys in small write transactions (best effort: a busy database is tried next time). */
  private sweep(): void {
    if (this.closed) return;
    try {
      for (let batch = 0; batch < 20; batch++) {
        const swept = this.tx.immediate(() => this.rows.sweep(Date.now(), 500)) as number;
        if (swept < 500) return;
      }
    } catch {
      // another process holds the write lock for long, or the disk is failing: the next sweep retries
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    this.db.close();
  }
}
