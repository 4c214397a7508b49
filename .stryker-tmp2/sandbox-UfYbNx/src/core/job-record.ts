/**
 * A job's record as the core sees it (jobs/ledger.ts keeps these records; the core reads them for
 * settlement, job lists and Q&A), and the port the core submits jobs through.
 */
// @ts-nocheck

import type { JobOrigin, JobOutcome } from "./present/job-card.js";

/** Ledger states; the paid POST happens only after the move to `submitting`. */
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

/** What the core asks for when it starts long work; the same id submitted twice is one job. */
export interface JobSpec {
  /** The idempotency key. */
  id: string;
  kind: JobKind;
  title: string;
  origin: JobOrigin;
  data: unknown;
  service?: string | undefined;
}

/** The producer side of the job system, as the core uses it. */
export interface JobSubmitter {
  submit(spec: JobSpec): Promise<{ id: string; created: boolean; entry: LedgerEntry }>;
}
