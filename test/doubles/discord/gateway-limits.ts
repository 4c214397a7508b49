/**
 * The gateway's sharding rules and session limits, as Discord applies them: GET /gateway/bot's
 * recommendation and session_start_limit, the IDENTIFY rate per max_concurrency bucket, shard
 * validation (4010) and "sharding required" (4011) past `maxGuildsPerShard` guilds in one shard.
 */

export interface GatewayOptions {
  /** GET /gateway/bot `shards`. Default: one per 1,000 guilds (at least 1), roughly Discord's advice. */
  recommendedShards?: number;
  /** session_start_limit.total (and the starting `remaining`). Default 1000. */
  sessionStartTotal?: number;
  /** session_start_limit.reset_after window, ms. Default 24 h. */
  sessionResetAfterMs?: number;
  /** session_start_limit.max_concurrency: IDENTIFYs per 5 s, one per bucket `shard_id % n`. Default 1. */
  maxConcurrency?: number;
  /** More guilds than this in one session's shard closes it with 4011. Default 2500 (Discord's). */
  maxGuildsPerShard?: number;
}

export const IDENTIFY_WINDOW_MS = 5000;

export interface GatewayStats {
  /** IDENTIFYs that got READY. */
  identifies: number;
  /** IDENTIFYs refused with op 9 because their bucket identified less than 5 s before. */
  rateLimited: number;
  /** IDENTIFYs refused with op 9 because session_start_limit.remaining was 0. */
  sessionLimited: number;
  /** Sessions closed 4010 / 4011 / 4013 / 4014, by code. */
  closes: Record<number, number>;
}

/** The shard owning a guild: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}

export class GatewayLimits {
  readonly stats: GatewayStats = { identifies: 0, rateLimited: 0, sessionLimited: 0, closes: {} };
  private remaining: number;
  private resetAt = 0;
  private readonly lastIdentify = new Map<number, number>();
  readonly total: number;
  readonly resetAfterMs: number;
  readonly maxConcurrency: number;
  readonly maxGuildsPerShard: number;

  constructor(
    private readonly o: GatewayOptions,
    private readonly guildCount: () => number,
    private readonly now: () => number,
  ) {
    this.total = o.sessionStartTotal ?? 1000;
    this.remaining = this.total;
    this.resetAfterMs = o.sessionResetAfterMs ?? 86_400_000;
    this.maxConcurrency = Math.max(1, o.maxConcurrency ?? 1);
    this.maxGuildsPerShard = o.maxGuildsPerShard ?? 2500;
  }

  recommendedShards(): number {
    return this.o.recommendedShards ?? Math.max(1, Math.ceil(this.guildCount() / 1000));
  }

  /** The session_start_limit object of GET /gateway/bot. */
  sessionStartLimit(): Record<string, number> {
    this.refill();
    return {
      total: this.total,
      remaining: this.remaining,
      reset_after: this.resetAt ? Math.max(0, this.resetAt - this.now()) : this.resetAfterMs,
      max_concurrency: this.maxConcurrency,
    };
  }

  private refill(): void {
    if (this.resetAt && this.now() >= this.resetAt) {
      this.remaining = this.total;
      this.resetAt = 0;
    }
  }

  /** 4010 for a malformed shard, or an id outside its count. */
  checkShard(raw: unknown): [number, number] | null {
    if (raw === undefined) return [0, 1];
    if (!Array.isArray(raw) || raw.length !== 2) return null;
    const [id, count] = raw as unknown[];
    if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
    if ((count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return null;
    return [id as number, count as number];
  }

  /** Takes a session start for this shard, or says why Discord refuses it (the double answers op 9). */
  takeIdentify(shardId: number): "ok" | "rate" | "sessions" {
    this.refill();
    const bucket = shardId % this.maxConcurrency;
    const last = this.lastIdentify.get(bucket);
    if (last !== undefined && this.now() - last < IDENTIFY_WINDOW_MS) {
      this.stats.rateLimited++;
      return "rate";
    }
    if (this.remaining < 1) {
      this.stats.sessionLimited++;
      return "sessions";
    }
    this.lastIdentify.set(bucket, this.now());
    this.remaining--;
    if (!this.resetAt) this.resetAt = this.now() + this.resetAfterMs;
    this.stats.identifies++;
    return "ok";
  }

  closed(code: number): void {
    this.stats.closes[code] = (this.stats.closes[code] ?? 0) + 1;
  }
}
