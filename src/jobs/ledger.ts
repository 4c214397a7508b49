import { z } from "zod";
import { BotError } from "../core/errors.js";
import type { JobOrigin, JobOutcome } from "../core/present/job-card.js";
import type { StateStore } from "../core/store/index.js";

/**
 * The job ledger: one JSON record per job in the StateStore, changed only by compare-and-set, so
 * two workers can never both move a job forward. The paid POST happens only after the move to
 * `submitting` succeeded; the upstream id is written right after.
 */
export const LEDGER_STATES = [
  "queued",
  "submitting",
  "submitted",
  "done",
  "delivering",
  "delivered",
  "failed",
  "cancelled",
  "ambiguous",
] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];
export const FINAL_STATES: readonly LedgerState[] = ["delivered", "failed", "cancelled", "ambiguous"];

export type JobKind = "ondemand" | "readiness" | "video";

export interface LedgerEntry {
  id: string;
  kind: JobKind;
  state: LedgerState;
  title: string;
  origin: JobOrigin;
  /** The job's input (never secrets), kept so an embedded queue can be rebuilt after a restart. */
  data: unknown;
  service?: string | undefined;
  upstreamId?: string | undefined;
  outputUrls?: string[] | undefined;
  text?: string | undefined;
  cost?: { amount: number; currency: "USD" | "units"; source: string } | undefined;
  error?: { code: string; message: string } | undefined;
  outcome?: JobOutcome | undefined;
  capacityRetries?: number | undefined;
  createdAt: number;
  updatedAt: number;
  submittedAt?: number | undefined;
  finishedAt?: number | undefined;
  deliveredAt?: number | undefined;
}

const entrySchema = z.looseObject({ id: z.string(), state: z.enum(LEDGER_STATES), kind: z.string() });
const KEY = (id: string) => `ledger:${id}`;
const RETENTION_MS = 30 * 24 * 3600 * 1000;

export class Ledger {
  /** The last raw record this process read or wrote per job: a transition tries it first (one round trip fewer). */
  private readonly seen = new Map<string, string>();

  constructor(
    readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates the record unless it exists; true when this call created it. */
  async create(e: Omit<LedgerEntry, "state" | "createdAt" | "updatedAt">): Promise<boolean> {
    const t = this.now();
    const entry: LedgerEntry = { ...e, state: "queued", createdAt: t, updatedAt: t };
    return this.store.setIfAbsent(KEY(e.id), JSON.stringify(entry), RETENTION_MS);
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
      if (await this.store.compareAndSet(KEY(id), raw, text, { ttlMs: RETENTION_MS })) {
        this.remember(id, FINAL_STATES.includes(to) ? undefined : text);
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

  /** Most recent first; optionally only one tenant's (or one user's) jobs. */
  async list(o: { limit?: number; tenantId?: string; userId?: string } = {}): Promise<LedgerEntry[]> {
    const keys = await this.store.keys("ledger:", 5000);
    const entries: LedgerEntry[] = [];
    for (const k of keys) {
      const e = await this.get(k.slice("ledger:".length)).catch(() => null);
      if (!e) continue;
      if (o.tenantId && e.origin.tenantId !== o.tenantId) continue;
      if (o.userId && e.origin.userId !== o.userId) continue;
      entries.push(e);
    }
    return entries.sort((a, b) => b.createdAt - a.createdAt).slice(0, o.limit ?? 20);
  }

  /** Jobs a restarted embedded queue must pick up again. */
  async unfinished(): Promise<LedgerEntry[]> {
    const all = await this.list({ limit: 5000 });
    return all.filter((e) => !FINAL_STATES.includes(e.state));
  }
}
