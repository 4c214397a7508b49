/**
 * Which gateway shards this replica runs. Each shard is a renewed lease in the shared StateStore
 * (`discord:shards:<count>:<id>` = replica id, TTL = DISCORD_SHARD_LEASE_MS), so two replicas never
 * hold the same shard. Listed replicas (DISCORD_SHARD_IDS) only claim their shards; the others claim
 * a fair share — ceil(count / live replicas) — of the free ones, and give back extras when a replica
 * joins. A dead replica stops renewing: its leases lapse within the TTL and the survivors take them.
 * A replica that cannot renew for most of a TTL stops the shard itself (it may no longer own it).
 */
import { isBotError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { StateStore } from "../../core/store/index.js";

export type ReleaseReason = "lost" | "fenced" | "rebalance" | "stop" | "failed";

export interface ShardLeaseOptions {
  store: StateStore;
  count: number;
  /** Fixed shards (DISCORD_SHARD_IDS); unset: a fair share of all `count` shards. */
  listed?: number[] | undefined;
  leaseMs: number;
  /** Shards starting at once (Discord's max_concurrency: more would only queue for IDENTIFY). */
  maxStarting: number;
  replicaId: string;
  logger: Logger;
  /** Connects the shard; resolves once it is ready. A rejection gives the lease back. */
  start(id: number): Promise<void>;
  /** Disconnects the shard. */
  stop(id: number, why: ReleaseReason): Promise<void>;
  /** Session starts Discord allows now (GET /gateway/bot session_start_limit). */
  sessionBudget(): Promise<{ remaining: number; resetAfterMs: number }>;
}

interface Held {
  renewedAt: number;
  since: number;
  ready: boolean;
}

export class ShardLeases {
  private readonly held = new Map<number, Held>();
  private readonly scanMs: number;
  private readonly presenceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private notBefore = 0;
  private lastRenew = 0;
  private tickRunning: Promise<void> | undefined;
  private settled: { resolve(): void; reject(err: unknown): void } | undefined;

  constructor(private readonly o: ShardLeaseOptions) {
    this.scanMs = Math.min(2000, Math.max(200, Math.floor(o.leaseMs / 10)));
    // Shorter than a shard lease: a dead replica stops counting before its shards come free.
    this.presenceMs = Math.max(2 * this.scanMs + 500, Math.floor(o.leaseMs / 2));
  }

  /** Shards this replica holds (starting or ready). */
  ids(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  private key(id: number): string {
    return `discord:shards:${this.o.count}:${id}`;
  }

  private presenceKey(replica = this.o.replicaId): string {
    return `discord:replicas:${this.o.count}:${replica}`;
  }

  private candidates(): number[] {
    return this.o.listed ?? Array.from({ length: this.o.count }, (_, i) => i);
  }

  /**
   * Registers this replica, waits briefly when others share the store (so replicas started together
   * see each other before claiming), then runs rounds — renewing from the first one on — that claim
   * its share max_concurrency shards at a time (so replicas starting together do not grab each
   * other's share). Resolves once a round finds nothing more to start; rejects on a configuration
   * error from Discord (intents, sharding).
   */
  async start(): Promise<number[]> {
    await this.o.store.set(this.presenceKey(), "1", { ttlMs: this.presenceMs });
    if (this.o.store.kind === "redis" && !this.o.listed) await sleep(2 * this.scanMs);
    const initial = new Promise<void>((resolve, reject) => {
      this.settled = { resolve, reject };
    });
    this.run(0);
    await initial;
    return this.ids();
  }

  private starting(): number {
    return [...this.held.values()].filter((h) => !h.ready).length;
  }

  private run(delayMs: number): void {
    if (this.stopped) {
      this.settle();
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tickRunning = this.tick()
        .then((starts) => {
          // Starts report their own failures (begin logs and gives the lease back).
          for (const p of starts) p.catch(() => {});
          if (starts.length === 0 && this.starting() === 0) this.settle();
        })
        .catch((err) => {
          this.o.logger.warn({ err }, "shard lease round failed");
          this.settle(); // start() returns (no shards yet); the rounds go on and claim once the store answers
        })
        .finally(() => {
          this.tickRunning = undefined;
          this.run(this.scanMs);
        });
    }, delayMs);
  }

  /** The next round now (a shard just became ready: maybe more can start). */
  private kick(): void {
    if (!this.tickRunning && !this.stopped) this.run(0);
  }

  private settle(err?: unknown): void {
    const s = this.settled;
    this.settled = undefined;
    if (err === undefined) s?.resolve();
    else s?.reject(err);
  }

  /** One round: renew, fence, rebalance, claim. Returns the starts it began. */
  private async tick(): Promise<Array<Promise<void>>> {
    const now = Date.now();
    // First, without the store: a shard not renewed for most of a lease may already have a new owner.
    for (const [id, h] of [...this.held])
      if (now - h.renewedAt > this.o.leaseMs * 0.8) await this.drop(id, "fenced");
    const stale = [...this.held.values()].some((h) => now - h.renewedAt >= this.o.leaseMs / 3);
    if (stale || now - this.lastRenew >= this.o.leaseMs / 3 || this.lastRenew === 0) {
      this.lastRenew = now;
      await this.renew(now);
    }
    await this.o.store.set(this.presenceKey(), "1", { ttlMs: this.presenceMs });
    if (this.stopped) return [];
    const target = await this.target();
    if (!this.o.listed && this.held.size > target) await this.giveBack(this.held.size - target);
    const starting = [...this.held.values()].filter((h) => !h.ready).length;
    const want = Math.min(target - this.held.size, this.o.maxStarting - starting);
    if (want < 1 || now < this.notBefore) return [];
    return this.claim(want);
  }

  private async renew(now: number): Promise<void> {
    for (const [id, h] of this.held) {
      try {
        const kept = await this.o.store.compareAndSet(this.key(id), this.o.replicaId, this.o.replicaId, {
          ttlMs: this.o.leaseMs,
        });
        if (kept) h.renewedAt = now;
        else await this.drop(id, "lost");
      } catch (err) {
        this.o.logger.warn({ err, shard: id }, "shard lease renewal failed; retrying");
      }
    }
  }

  private async target(): Promise<number> {
    if (this.o.listed) return this.o.listed.length;
    const live = await this.o.store.keys(`discord:replicas:${this.o.count}:`, 10_000);
    return Math.ceil(this.o.count / Math.max(1, live.length));
  }

  /** Gives back the newest-claimed ready shards, lease after disconnect, for a joining replica. */
  private async giveBack(n: number): Promise<void> {
    const ready = [...this.held.entries()].filter(
      ([, h]) => h.ready && Date.now() - h.since > 2 * this.scanMs,
    );
    for (const [id] of ready.sort((a, b) => b[1].since - a[1].since || b[0] - a[0]).slice(0, n)) {
      this.o.logger.info({ shard: id }, "discord shard handed over to a joining replica");
      await this.drop(id, "rebalance");
    }
  }

  private async claim(want: number): Promise<Array<Promise<void>>> {
    const ids = this.candidates().filter((id) => !this.held.has(id));
    const values = await Promise.all(ids.map((id) => this.o.store.get(this.key(id))));
    const free = ids.filter((_, i) => values[i] === null);
    if (free.length === 0) return [];
    const budget = await this.o.sessionBudget();
    const allowed = Math.min(want, free.length, budget.remaining);
    if (allowed < Math.min(want, free.length)) {
      this.notBefore = Date.now() + Math.max(this.scanMs, budget.resetAfterMs);
      this.o.logger.warn(
        { resetAfterMs: budget.resetAfterMs, starting: allowed, free: free.length },
        "discord session start limit reached: the other shards wait until it resets",
      );
    }
    if (allowed < 1) return [];
    // Start at an offset of our own so replicas claiming at once mostly try different shards.
    const offset = hash(this.o.replicaId) % free.length;
    const order = [...free.slice(offset), ...free.slice(0, offset)];
    const starts: Array<Promise<void>> = [];
    for (const id of order) {
      if (starts.length >= allowed) break;
      if (!(await this.o.store.setIfAbsent(this.key(id), this.o.replicaId, this.o.leaseMs))) continue;
      const now = Date.now();
      const h: Held = { renewedAt: now, since: now, ready: false };
      this.held.set(id, h);
      starts.push(this.begin(id, h));
    }
    return starts;
  }

  private async begin(id: number, h: Held): Promise<void> {
    try {
      await this.o.start(id);
      h.ready = true;
      this.kick();
    } catch (err) {
      this.o.logger.error({ err, shard: id }, "discord shard could not connect; lease given back");
      this.notBefore = Date.now() + this.o.leaseMs;
      await this.drop(id, "failed");
      if (isBotError(err) && err.family === "config") this.settle(err);
      throw err;
    }
  }

  /** A ready shard Discord closed for good: give it back and claim nothing for one lease. */
  async fail(id: number): Promise<void> {
    this.notBefore = Date.now() + this.o.leaseMs;
    await this.drop(id, "failed");
  }

  /** Disconnects the shard, then gives its lease back (when it is still ours). */
  async drop(id: number, why: ReleaseReason): Promise<void> {
    if (!this.held.delete(id)) return;
    await this.o.stop(id, why).catch((err) => this.o.logger.warn({ err, shard: id }, "shard stop failed"));
    if (why !== "lost")
      await this.o.store.compareAndSet(this.key(id), this.o.replicaId, null).catch(() => false);
    if (why !== "stop") this.o.logger.warn({ shard: id, why }, "discord shard released");
  }

  /** Shutdown: no more rounds, every shard disconnected and its lease given back at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.settle();
    await this.tickRunning;
    await Promise.all(this.ids().map((id) => this.drop(id, "stop")));
    await this.o.store.delete(this.presenceKey()).catch(() => false);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}
