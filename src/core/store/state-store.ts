import { BotError } from "../errors.js";

/**
 * A sorted-set write made in the same atomic step as a compare-and-set, and only when the swap
 * happens: add `member` with `score` (ZADD), or remove it. What keeps an index in step with the
 * records it lists at one round trip per change.
 */
export type IndexWrite =
  | { key: string; member: string; score: number; remove?: never }
  | { key: string; member: string; remove: true };

/**
 * The StateStore port: a small key/value + hash + counter + set-if-absent-with-TTL + sorted-set API.
 * Redis when REDIS_URL is set, an embedded SQLite database (WAL mode, shared by the processes of one
 * machine) otherwise. Keys passed in are relative to the store's namespace prefix (default
 * "theta-bot:"); `keys()` returns them relative too.
 */
export interface StateStore {
  readonly kind: "redis" | "embedded";
  get(key: string): Promise<string | null>;
  /** Overwrites any value (and type); without `ttlMs` any previous expiry is dropped (Redis SET). */
  set(key: string, value: string, opts?: { ttlMs?: number }): Promise<void>;
  /** Atomic set-if-absent (Redis SET NX PX). true when this call created the key. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  /**
   * Atomic compare-and-set: when the current value === expected (null = absent), write next
   * (null = delete). true on success. With `opts.ttlMs` the expiry is set, otherwise kept.
   * `opts.index` writes, in order, are made in the same atomic step when (and only when) the swap
   * happens. If one fails (its key holds another kind of value), the call rejects and the value is
   * not written; on Redis, index writes before the failing one stay (an index may then over-count).
   */
  compareAndSet(
    key: string,
    expected: string | null,
    next: string | null,
    opts?: { ttlMs?: number; index?: readonly IndexWrite[] },
  ): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  /** Sets the expiry of an existing key; false when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining time to live in ms: null = no key; -1 = no expiry. */
  ttlMs(key: string): Promise<number | null>;
  /** Integer increment (INCRBY); `by` must be a safe integer. Keeps the expiry. */
  incr(key: string, by?: number): Promise<number>;
  /** Decimal increment (INCRBYFLOAT); the result is rounded to 10 decimal places. Keeps the expiry. */
  incrDecimal(key: string, by: number): Promise<number>;
  hget(key: string, field: string): Promise<string | null>;
  hset(key: string, values: Record<string, string>): Promise<void>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  /** Decimal-capable hash field increment (HINCRBYFLOAT), rounded like incrDecimal. */
  hincr(key: string, field: string, by: number): Promise<number>;
  /**
   * Sorted set (ZADD): adds members or updates their scores (finite numbers); resolves to how many
   * members are new. An index to read in order instead of scanning keys.
   */
  zadd(key: string, members: Record<string, number>): Promise<number>;
  /** ZREM: removes members; the key goes with its last member. Resolves to how many were removed. */
  zrem(key: string, ...members: string[]): Promise<number>;
  /**
   * Members by ascending score (ties by member, bytewise), or descending with `reverse`; skips
   * `offset` members and returns at most `limit` (default: all). Absent key = [].
   */
  zrange(key: string, opts?: { reverse?: boolean; offset?: number; limit?: number }): Promise<string[]>;
  /** ZSCORE: the member's score, null when it (or the key) is absent. */
  zscore(key: string, member: string): Promise<number | null>;
  /** ZCARD: number of members (0 for an absent key). */
  zcard(key: string): Promise<number>;
  /** ZREMRANGEBYSCORE: removes members with min <= score <= max (±Infinity allowed); how many. */
  zremRangeByScore(key: string, min: number, max: number): Promise<number>;
  /** Keys starting with prefix, without the namespace, sorted; the first `limit` (default 1000). */
  keys(prefix: string, limit?: number): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_KEY_PREFIX = "theta-bot:";
export const DEFAULT_KEYS_LIMIT = 1000;

export function storeError(
  code: string,
  message: string,
  extra: { retriable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
): BotError {
  return new BotError({ code, message, family: "runtime", ...extra });
}

export const WRONG_KIND = "holds a different kind of value (string, hash or sorted set)";

export function typeError(key: string, what: string): BotError {
  return storeError("store_type_error", `State key "${key}" ${what}.`, { details: { key } });
}

export function closedError(kind: string): BotError {
  return storeError("store_closed", `The ${kind} state store is closed.`);
}

function invalid(message: string): BotError {
  return storeError("store_invalid_argument", message);
}

/** A TTL must be a positive, finite number of ms; fractions are rounded up. */
export function checkTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw invalid(`ttlMs must be a positive number of milliseconds, got ${ttlMs}.`);
  }
  return Math.ceil(ttlMs);
}

export function checkIntegerBy(by: number): number {
  if (!Number.isSafeInteger(by)) throw invalid(`incr needs an integer increment, got ${by}.`);
  return by;
}

export function checkDecimalBy(by: number): number {
  if (!Number.isFinite(by)) throw invalid(`The increment must be a finite number, got ${by}.`);
  return by;
}

/** A sorted-set score must be a finite number. */
export function checkScore(score: number, what = "score"): number {
  if (!Number.isFinite(score)) throw invalid(`A sorted-set ${what} must be a finite number, got ${score}.`);
  return score;
}

/** Index writes are checked before anything is sent: a non-finite score is refused. */
export function checkIndexWrites(index: readonly IndexWrite[] | undefined): readonly IndexWrite[] {
  for (const w of index ?? []) if (!w.remove) checkScore(w.score);
  return index ?? [];
}

/** A range bound: any number but NaN (±Infinity = unbounded). */
export function checkBound(bound: number): number {
  if (Number.isNaN(bound)) throw invalid("A score range bound must be a number, got NaN.");
  return bound;
}

/** zrange paging: offset >= 0, limit >= 1 (undefined = all), both integers. */
export function checkRange(opts: { offset?: number; limit?: number } | undefined): {
  offset: number;
  limit: number | undefined;
} {
  const offset = opts?.offset ?? 0;
  const limit = opts?.limit;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid("offset must be a non-negative integer.");
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw invalid("limit must be a positive integer.");
  }
  return { offset, limit };
}

export function checkLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_KEYS_LIMIT;
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(`limit must be a positive integer.`);
  return value;
}

/** Rounds away binary float noise (0.1 + 0.2 → 0.3) at 10 decimal places. */
export function roundDecimal(value: number): number {
  return Number(value.toFixed(10));
}
