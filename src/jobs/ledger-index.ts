import type { IndexWrite, StateStore } from "../core/store/index.js";

/**
 * The ledger's indexes, sorted sets scored by the job's creation time, so nothing has to scan keys:
 * every job not yet in a final state (restart recovery reads it whole, whatever the count), and the
 * recent jobs overall, per tenant and per member (job lists, Q&A's recent_jobs). The index writes
 * ride in the record's own compare-and-set (one atomic round trip): a new record is listed and
 * marked unfinished with it, and leaves the unfinished index in the write that makes it final. The
 * unfinished index may still hold more than it should (records written by an earlier release, or
 * an index write that failed before its record was written), never less; readers drop what is stale.
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

  /** The writes that index a new record, made in the same step that creates it. */
  openWrites(e: Indexed): IndexWrite[] {
    return [UNFINISHED, ...this.listKeys(e)].map((key) => ({ key, member: e.id, score: e.createdAt }));
  }

  /** The write that goes with a record's move to a final state. */
  finishWrite(id: string): IndexWrite {
    return { key: UNFINISHED, member: id, remove: true };
  }

  /** The write that goes with a record's move out of a final state (a job started again). */
  reopenWrite(e: Indexed): IndexWrite {
    return { key: UNFINISHED, member: e.id, score: e.createdAt };
  }

  private listKeys(e: Indexed): string[] {
    return [this.listKey({}), this.listKey({ tenantId: e.origin.tenantId }), this.listKey(e.origin)];
  }

  /**
   * Call once a new record exists: entries past the retention are trimmed from its listings about
   * once every TRIM_EVERY new records (readers skip expired records meanwhile), not at every job.
   */
  async trimIfDue(e: Indexed): Promise<void> {
    if (++this.sinceTrim < TRIM_EVERY) return;
    this.sinceTrim = 0;
    const cutoff = this.now() - this.retentionMs;
    await Promise.all(
      this.listKeys(e).map((k) => this.store.zremRangeByScore(k, Number.NEGATIVE_INFINITY, cutoff)),
    );
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
        const member = { [e.id]: e.createdAt };
        if (!e.final) await this.store.zadd(UNFINISHED, member);
        for (const key of this.listKeys(e)) await this.store.zadd(key, member);
        await this.trimIfDue(e);
      }
      await this.store.set(VERSION, "1");
    })().catch((err: unknown) => {
      this.built = undefined;
      throw err;
    });
    return this.built;
  }
}
