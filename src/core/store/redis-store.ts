import { Redis } from "ioredis";
import { registerSecret } from "../redact.js";
import { CAS_LUA, describeRedis, mapRedisError } from "./redis-support.js";
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
  roundDecimal,
  type StateStore,
} from "./state-store.js";

export interface RedisStoreOptions {
  url: string;
  keyPrefix?: string;
  /** Socket connect timeout per attempt (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Every command rejects after this long without a reply (default 2000 ms). */
  commandTimeoutMs?: number;
}

type CasClient = Redis & { thetaCas(keyCount: number, ...keysAndArgs: string[]): Promise<number> };

/**
 * StateStore on Redis (ioredis). Producer-friendly: commands are queued only until the first
 * connection, each waits at most `commandTimeoutMs`, and none is re-sent after a reconnect, so while
 * Redis is down calls reject with `store_unavailable` instead of hanging or landing late. Keys are namespaced by hand (not ioredis keyPrefix) so
 * that SCAN patterns and the CAS script see the same names.
 */
export class RedisStore implements StateStore {
  readonly kind = "redis" as const;
  private readonly client: CasClient;
  private readonly prefix: string;
  private readonly where: string;
  private closed = false;

  /** Connects in the background; use `RedisStore.open` to also check that Redis answers. */
  constructor(opts: RedisStoreOptions) {
    this.prefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
    const { where, password } = describeRedis(opts.url);
    this.where = where;
    registerSecret(password);
    const client = new Redis(opts.url, {
      connectTimeout: opts.connectTimeoutMs ?? 3000,
      commandTimeout: opts.commandTimeoutMs ?? 2000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      // A call that rejected must not run later behind the caller's back (idempotency claims).
      autoResendUnfulfilledCommands: false,
      lazyConnect: false,
      // Commands issued in the same tick leave in one socket write (each still has its own reply,
      // error and timeout): with 32 jobs in flight, socket writes were the largest cost per job.
      enableAutoPipelining: true,
    });
    // Queue only until the first connection; afterwards a disconnected store fails fast.
    client.once("ready", () => {
      client.options.enableOfflineQueue = false;
    });
    // Without a listener ioredis prints every reconnect failure; callers see the mapped error instead.
    client.on("error", () => {});
    // The key count is the first argument: the value's key and the index keys written with it.
    client.defineCommand("thetaCas", { lua: CAS_LUA });
    this.client = client as CasClient;
  }

  /** Creates the store and pings Redis; rejects with `store_unavailable` (and cleans up) when it does not answer. */
  static async open(opts: RedisStoreOptions): Promise<RedisStore> {
    const store = new RedisStore(opts);
    try {
      await store.ping();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async run<T>(key: string | null, op: (client: CasClient) => Promise<T>): Promise<T> {
    if (this.closed) throw closedError("Redis");
    try {
      return await op(this.client);
    } catch (err) {
      throw mapRedisError(err, key, this.where);
    }
  }

  /**
   * The raw ioredis client and this store's key namespace, for a kept library that needs its own
   * atomic scripts on the same connection (rate-limiter-flexible). Not for ordinary state access.
   */
  limiterBackend(): { client: Redis; keyPrefix: string } {
    return { client: this.client, keyPrefix: this.prefix };
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  async get(key: string): Promise<string | null> {
    return this.run(key, (c) => c.get(this.k(key)));
  }

  async set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void> {
    const ttl = checkTtl(opts?.ttlMs);
    await this.run(key, (c) => (ttl ? c.set(this.k(key), value, "PX", ttl) : c.set(this.k(key), value)));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    const reply = await this.run(key, (c) =>
      ttl ? c.set(this.k(key), value, "PX", ttl, "NX") : c.set(this.k(key), value, "NX"),
    );
    return reply === "OK";
  }

  async compareAndSet(
    key: string,
    expected: string | null,
    next: string | null,
    opts?: { ttlMs?: number; index?: readonly IndexWrite[] },
  ): Promise<boolean> {
    const ttl = checkTtl(opts?.ttlMs);
    const index = checkIndexWrites(opts?.index);
    const args = [
      expected === null ? "0" : "1",
      expected ?? "",
      next === null ? "0" : "1",
      next ?? "",
      ttl ? String(ttl) : "",
      ...index.flatMap((w) => [w.remove ? "" : String(w.score), w.member]),
    ];
    const keys = [this.k(key), ...index.map((w) => this.k(w.key))];
    const reply = await this.run(key, (c) => c.thetaCas(keys.length, ...keys, ...args));
    return reply === 1;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.run(key, (c) => c.del(this.k(key)))) > 0;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs) as number;
    return (await this.run(key, (c) => c.pexpire(this.k(key), ttl))) === 1;
  }

  async ttlMs(key: string): Promise<number | null> {
    const ms = await this.run(key, (c) => c.pttl(this.k(key)));
    return ms === -2 ? null : ms;
  }

  async incr(key: string, by = 1): Promise<number> {
    checkIntegerBy(by);
    return this.run(key, (c) => c.incrby(this.k(key), by));
  }

  async incrDecimal(key: string, by: number): Promise<number> {
    checkDecimalBy(by);
    return roundDecimal(Number(await this.run(key, (c) => c.incrbyfloat(this.k(key), by))));
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.run(key, (c) => c.hget(this.k(key), field));
  }

  async hset(key: string, values: Record<string, string>): Promise<void> {
    if (Object.keys(values).length === 0) return;
    await this.run(key, (c) => c.hset(this.k(key), values));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return this.run(key, (c) => c.hgetall(this.k(key)));
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    if (fields.length === 0) return 0;
    return this.run(key, (c) => c.hdel(this.k(key), ...fields));
  }

  async hincr(key: string, field: string, by: number): Promise<number> {
    checkDecimalBy(by);
    return roundDecimal(Number(await this.run(key, (c) => c.hincrbyfloat(this.k(key), field, by))));
  }

  async zadd(key: string, members: Record<string, number>): Promise<number> {
    const args = Object.entries(members).flatMap(([m, score]) => [String(checkScore(score)), m]);
    if (args.length === 0) return 0;
    return this.run(key, (c) => c.zadd(this.k(key), ...args));
  }

  async zrem(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.run(key, (c) => c.zrem(this.k(key), ...members));
  }

  async zrange(
    key: string,
    opts?: { reverse?: boolean; offset?: number; limit?: number },
  ): Promise<string[]> {
    const { offset, limit } = checkRange(opts);
    const stop = limit === undefined ? -1 : offset + limit - 1;
    return this.run(key, (c) =>
      opts?.reverse
        ? c.zrevrange(this.k(key), offset, stop)
        : c.zrange(this.k(key), String(offset), String(stop)),
    );
  }

  async zscore(key: string, member: string): Promise<number | null> {
    const score = await this.run(key, (c) => c.zscore(this.k(key), member));
    return score === null ? null : Number(score);
  }

  async zcard(key: string): Promise<number> {
    return this.run(key, (c) => c.zcard(this.k(key)));
  }

  async zremRangeByScore(key: string, min: number, max: number): Promise<number> {
    const bound = (n: number) =>
      n === Number.POSITIVE_INFINITY ? "+inf" : n === Number.NEGATIVE_INFINITY ? "-inf" : String(n);
    const [lo, hi] = [bound(checkBound(min)), bound(checkBound(max))];
    return this.run(key, (c) => c.zremrangebyscore(this.k(key), lo, hi));
  }

  async keys(prefix: string, limit?: number): Promise<string[]> {
    const max = checkLimit(limit);
    const full = this.prefix + prefix;
    const pattern = full.replace(/[\\*?[\]]/g, "\\$&") + "*";
    const found = new Set<string>();
    let cursor = "0";
    do {
      const [nextCursor, batch] = await this.run(null, (c) =>
        c.scan(cursor, "MATCH", pattern, "COUNT", 1000),
      );
      for (const name of batch) if (name.startsWith(full)) found.add(name.slice(this.prefix.length));
      cursor = nextCursor;
    } while (cursor !== "0");
    return [...found].sort().slice(0, max);
  }

  async ping(): Promise<void> {
    await this.run(null, (c) => c.ping());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.status === "ready") {
      try {
        await this.client.quit();
        return;
      } catch {
        // fall through to a hard disconnect
      }
    }
    this.client.disconnect();
  }
}
