import type { StateStore } from "../core/store/index.js";

/**
 * The ledger's indexes, sorted sets scored by the job's creation time, so nothing has to scan keys:
 * every job not yet in a final state (restart recovery reads it whole, whatever the count), and the
 * recent jobs overall, per tenant and per member (job lists, Q&A's recent_jobs). The unfinished
 * index may hold more than it should (a crash between two writes), never less: a job is added
 * before its record exists and removed after it reached a final state; readers drop what is stale.
 */
const UNFINISHED = "jobs-index:unfinished";
const VERSION = "jobs-index:version";
/** A member whose record is missing is dropped only this long after it was added (its record may be on its way). */
const MISSING_GRACE_MS = 60_000;

export interface IndexFilter {
  tenantId?: string | undefined;
  userId?: string | undefined;
}

interface Indexed {
  id: string;
  createdAt: number;
  origin: { tenantId: string; userId: string };
}

/** Listings between two trims of the listing indexes (per process). */
const TRIM_EVERY = 64;

export class LedgerIndex {
  private built: Promise<void> | undefined;
  /** Starts at the threshold: a process's first listing trims, so a restart cleans up too. */
  // Stryker disable next-line ArithmeticOperator: equivalent, any start at or above TRIM_EVERY - 1 trims at the first listing and then counts from 0
  private sinceTrim = TRIM_EVERY - 1;

  constructor(
    private readonly store: StateStore,
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  /** The listing index to read for a filter: the member's, the tenant's, or every job's. */
  listKey(f: IndexFilter): string {
    if (f.tenantId && f.userId) return `jobs-index:user:${f.tenantId}:${f.userId}`;
    if (f.tenantId) return `jobs-index:tenant:${f.tenantId}`;
    return "jobs-index:all";
  }

  /** Call before the record is written. */
  async opened(e: Indexed): Promise<void> {
    await this.store.zadd(UNFINISHED, { [e.id]: e.createdAt });
  }

  /**
   * Call once the record exists: lists it. Entries past the retention are trimmed from these
   * lists about once every TRIM_EVERY listings (readers skip expired records meanwhile), so a job
   * costs three writes here, not six.
   */
  async listed(e: Indexed): Promise<void> {
    const keys = [this.listKey({}), this.listKey({ tenantId: e.origin.tenantId }), this.listKey(e.origin)];
    const trim = ++this.sinceTrim >= TRIM_EVERY;
    if (trim) this.sinceTrim = 0;
    const cutoff = this.now() - this.retentionMs;
    await Promise.all(
      keys.flatMap((k) => [
        this.store.zadd(k, { [e.id]: e.createdAt }),
        // Stryker disable next-line ArrayDeclaration: equivalent for the empty branch, Promise.all passes a non-promise through
        ...(trim ? [this.store.zremRangeByScore(k, Number.NEGATIVE_INFINITY, cutoff)] : []),
      ]),
    );
  }

  /** Call after the record reached a final state. */
  async finished(id: string): Promise<void> {
    await this.store.zrem(UNFINISHED, id);
  }

  /** Every job id in the unfinished index, oldest first. */
  async unfinishedIds(): Promise<string[]> {
    return this.store.zrange(UNFINISHED);
  }

  /** Drops a stale unfinished member: its record is final, or missing for longer than the grace time. */
  async prune(id: string, recordExists: boolean): Promise<void> {
    if (!recordExists) {
      const added = await this.store.zscore(UNFINISHED, id);
      if (
        // Stryker disable next-line ConditionalExpression: equivalent, a member with no score is not in the index, so the zrem below is a no-op
        added !== null &&
        this.now() - added < MISSING_GRACE_MS
      ) {
        return;
      }
    }
    await this.store.zrem(UNFINISHED, id);
  }

  /** One page of a listing index, most recent first. */
  async recentIds(f: IndexFilter, offset: number, limit: number): Promise<string[]> {
    return this.store.zrange(this.listKey(f), { reverse: true, offset, limit });
  }

  /**
   * Builds the indexes once per store from records written before they existed (an upgrade, or a
   * state.json just imported); `read` parses one record. Safe to run in several processes at once.
   */
  ensureBuilt(read: (key: string) => Promise<(Indexed & { final: boolean }) | null>): Promise<void> {
    this.built ??= (async () => {
      if ((await this.store.get(VERSION)) === "1") return;
      for (const key of await this.store.keys("ledger:", Number.MAX_SAFE_INTEGER)) {
        // Stryker disable next-line ArrowFunction: equivalent, undefined is skipped by `!e` just like null
        const e = await read(key).catch(() => null);
        if (!e) continue;
        if (!e.final) await this.opened(e);
        await this.listed(e);
      }
      await this.store.set(VERSION, "1");
    })().catch((err: unknown) => {
      this.built = undefined;
      throw err;
    });
    return this.built;
  }
}
