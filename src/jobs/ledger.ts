import { z } from "zod";
import { BotError } from "../core/errors.js";
import { FINAL_STATES, LEDGER_STATES, type LedgerEntry, type LedgerState } from "../core/job-record.js";
import type { StateStore } from "../core/store/index.js";
import { LedgerIndex } from "./ledger-index.js";

/**
 * The job ledger: one JSON record per job in the StateStore, changed only by compare-and-set, so
 * two workers can never both move a job forward. The paid POST happens only after the move to
 * `submitting` succeeded; the upstream id is written right after. (The record's types live in the
 * core, which reads job records without depending on this module.)
 */
export {
  FINAL_STATES,
  type JobKind,
  LEDGER_STATES,
  type LedgerEntry,
  type LedgerState,
} from "../core/job-record.js";

const entrySchema = z.looseObject({ id: z.string(), state: z.enum(LEDGER_STATES), kind: z.string() });
const KEY = (id: string) => `ledger:${id}`;
const RETENTION_MS = 30 * 24 * 3600 * 1000;

export class Ledger {
  /** The last raw record this process read or wrote per job: a transition tries it first (one round trip fewer). */
  private readonly seen = new Map<string, string>();
  private readonly index: LedgerIndex;

  constructor(
    readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {
    this.index = new LedgerIndex(store, RETENTION_MS, now);
  }

  /** Creates the record unless it exists; true when this call created it. Indexed as unfinished first. */
  async create(e: Omit<LedgerEntry, "state" | "createdAt" | "updatedAt">): Promise<boolean> {
    return (await this.open(e)).created;
  }

  /**
   * Like create, and returns the new record when this call wrote it (no read-back needed). The
   * record, its unfinished mark and its listings are written in one atomic step.
   */
  async open(
    e: Omit<LedgerEntry, "state" | "createdAt" | "updatedAt">,
  ): Promise<{ created: true; entry: LedgerEntry } | { created: false }> {
    const t = this.now();
    const entry: LedgerEntry = { ...e, state: "queued", createdAt: t, updatedAt: t };
    const raw = JSON.stringify(entry);
    const index = this.index.openWrites(entry);
    if (!(await this.store.compareAndSet(KEY(e.id), null, raw, { ttlMs: RETENTION_MS, index }))) {
      return { created: false };
    }
    this.remember(e.id, raw);
    // Trimming old listings is housekeeping: the job must go on even if it fails.
    await this.index.trimIfDue(entry).catch(() => undefined);
    return { created: true, entry };
  }

  async get(id: string): Promise<LedgerEntry | null> {
    const raw = await this.store.get(KEY(id));
    if (raw === null) return null;
    this.remember(id, raw);
    const parsed = entrySchema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      throw new BotError({
        code: "ledger_corrupt",
        family: "jobs",
        message: `The ledger record of job ${id} is damaged.`,
      });
    }
    return parsed.data as unknown as LedgerEntry;
  }

  /**
   * Moves a job from one of `from` to `to`, applying `patch`, atomically. Returns the new record,
   * or null when the job was not in an allowed state (someone else moved it first).
   */
  async transition(
    id: string,
    from: readonly LedgerState[],
    to: LedgerState,
    patch: Partial<LedgerEntry> = {},
  ): Promise<LedgerEntry | null> {
    for (let attempt = 0; attempt < 20; attempt++) {
      // Stryker disable next-line ConditionalExpression: equivalent, a lost race deletes the cached entry, so a retry finds none
      const cached = attempt === 0 ? this.seen.get(id) : undefined;
      const raw = cached ?? (await this.store.get(KEY(id)));
      if (raw === null) return null;
      const cur = JSON.parse(raw) as LedgerEntry;
      if (!from.includes(cur.state)) return null;
      const t = this.now();
      const next: LedgerEntry = {
        ...cur,
        ...patch,
        state: to,
        updatedAt: t,
        ...(FINAL_STATES.includes(to) || to === "done" ? { finishedAt: cur.finishedAt ?? t } : {}),
      };
      const text = JSON.stringify(next);
      // Leaving or re-entering the unfinished index happens in the same atomic write.
      const [was, is] = [FINAL_STATES.includes(cur.state), FINAL_STATES.includes(to)];
      const index =
        is && !was ? [this.index.finishWrite(id)] : was && !is ? [this.index.reopenWrite(next)] : [];
      if (await this.store.compareAndSet(KEY(id), raw, text, { ttlMs: RETENTION_MS, index })) {
        this.remember(id, is ? undefined : text);
        return next;
      }
      this.seen.delete(id);
    }
    throw new BotError({
      code: "ledger_contention",
      family: "jobs",
      retriable: true,
      message: `Job ${id} is being changed by too many workers at once.`,
    });
  }

  private remember(id: string, raw: string | undefined): void {
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, caching `undefined` is the same as no entry
    if (raw === undefined) {
      this.seen.delete(id);
      return;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a memory bound on the cache, not behaviour
    if (this.seen.size > 5000) this.seen.clear();
    this.seen.set(id, raw);
  }

  /** Reads a record for the one-time index build. */
  private async indexable(key: string) {
    const e = await this.get(key.slice("ledger:".length));
    return e && { ...e, final: FINAL_STATES.includes(e.state) };
  }

  /** Most recent first, read from an index (never a key scan); optionally one tenant's or one member's jobs. */
  async list(o: { limit?: number; tenantId?: string; userId?: string } = {}): Promise<LedgerEntry[]> {
    await this.index.ensureBuilt((k) => this.indexable(k));
    const limit = o.limit ?? 20;
    const page = Math.max(limit, 50);
    const found = new Map<string, LedgerEntry>();
    for (let offset = 0; found.size < limit; offset += page) {
      const ids = await this.index.recentIds(o, offset, page);
      for (const id of ids) {
        // Stryker disable next-line ArrowFunction: equivalent, undefined is skipped by `!e` just like null
        const e = await this.get(id).catch(() => null);
        if (!e) continue;
        // Stryker disable next-line ConditionalExpression: equivalent, a tenant's and a member's indexes hold only that tenant's jobs (a second guard)
        if (o.tenantId && e.origin.tenantId !== o.tenantId) continue;
        if (o.userId && e.origin.userId !== o.userId) continue;
        found.set(id, e);
      }
      if (ids.length < page) break;
    }
    // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent, the index is scored by createdAt, so `found` is already newest first
    const newestFirst = [...found.values()].sort((a, b) => b.createdAt - a.createdAt);
    return newestFirst.slice(0, limit);
  }

  /** Every job a restarted embedded queue must pick up again, oldest first, whatever the count. */
  async unfinished(): Promise<LedgerEntry[]> {
    await this.index.ensureBuilt((k) => this.indexable(k));
    const entries: LedgerEntry[] = [];
    for (const id of await this.index.unfinishedIds()) {
      let e: LedgerEntry | null;
      try {
        e = await this.get(id);
      } catch {
        continue; // unreadable now (a store error, a damaged record): kept, so the next recovery tries again
      }
      if (e && !FINAL_STATES.includes(e.state)) entries.push(e);
      else await this.index.prune(id, e !== null).catch(() => undefined);
    }
    return entries;
  }
}
