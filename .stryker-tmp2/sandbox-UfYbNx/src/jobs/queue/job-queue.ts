/**
 * The JobQueue port: long jobs (on-demand media, endpoint readiness, video transcode) run on a
 * queue. BullMQ when REDIS_URL is set, an embedded in-process queue otherwise; the same
 * processors run on both.
 *
 * Semantics shared by both implementations:
 * - Job ids are caller-chosen and idempotent: non-empty, at most 200 characters, no ":" and not an
 *   integer string ("123" — BullMQ reserves those), so prefix snowflakes: "imagine-123".
 * - No automatic retries. A processor that throws ends the job "failed"; retrying is the
 *   processor's decision, expressed as a "delay" step.
 * - A run that returns "done" completes the job even if a cancel arrived during that run (the
 *   work is done); a cancelled run that returns "delay" or throws ends the job "cancelled".
 * - On close, a run that outlives timeoutMs sees ctx.signal aborted (reason code "queue_closing").
 *   A run that then throws or never settles is abandoned, not failed: BullMQ re-runs it after the
 *   lock expires with ctx.recovered true; the embedded queue forgets it (the ledger recovers it).
 */
// @ts-nocheck

export type JobState = "waiting" | "delayed" | "active" | "completed" | "failed" | "cancelled";

export const JOB_STATES: readonly JobState[] = [
  "waiting",
  "delayed",
  "active",
  "completed",
  "failed",
  "cancelled",
];

export interface JobProgress {
  stage: string;
  percent?: number;
  queuePosition?: number;
  etaMs?: number;
  message?: string;
}

/** What one run of a processor returns. "delay" ends this run and re-runs the same job after delayMs with data replaced (when given) — polling as delayed steps, not a sleeping loop. */
export type StepResult<R = unknown> =
  | { kind: "done"; result: R }
  | { kind: "delay"; delayMs: number; data?: unknown };

export interface JobContext<D = unknown> {
  id: string;
  name: string;
  data: D;
  /** 1 for the first run, incremented on every delayed re-run and on stall recovery. */
  run: number;
  /** True when this run follows a crash/stall of a previous worker (or an abandoned run at shutdown). */
  recovered: boolean;
  progress(p: JobProgress): Promise<void>;
  /** Aborted when the job is cancelled, the worker is closing, or (BullMQ) the job lock was lost. The reason is a BotError: job_cancelled, queue_closing or job_lock_lost. */
  signal: AbortSignal;
}

export type Processor<D = unknown, R = unknown> = (ctx: JobContext<D>) => Promise<StepResult<R>>;

export interface JobEvent {
  jobId: string;
  /** The job name; "" when the listening process cannot learn it any more (job already removed). */
  name: string;
  progress?: JobProgress;
  result?: unknown;
  error?: { code: string; message: string };
}

export type JobEventName = "progress" | "completed" | "failed" | "cancelled";

export interface JobQueue {
  readonly kind: "bullmq" | "embedded";
  /** Idempotent by jobId: adding an id that exists (in any state, until it is removed by retention) returns created:false and changes nothing. */
  add<D>(
    name: string,
    data: D,
    opts: { jobId: string; delayMs?: number },
  ): Promise<{ id: string; created: boolean }>;
  /** waiting/delayed → removed now ("removed"); active → flagged, the processor sees ctx.signal aborted / isCancelled true on its next step and the job ends "cancelled" ("flagged"); already finished → "finished"; unknown → "not_found". */
  cancel(jobId: string): Promise<"removed" | "flagged" | "finished" | "not_found">;
  /** True once cancel() returned "removed" or "flagged" for the current job with this id (BullMQ: for 7 days), or when it ended cancelled. */
  isCancelled(jobId: string): Promise<boolean>;
  getState(jobId: string): Promise<JobState | null>;
  /** Runs a delayed job now (its delay is cut short); true when it was delayed, false otherwise. */
  wake(jobId: string): Promise<boolean>;
  /** 1-based position among waiting jobs (null when not waiting). */
  position(jobId: string): Promise<number | null>;
  counts(): Promise<Record<JobState, number>>;
  on(event: JobEventName, listener: (e: JobEvent) => void): () => void;
  /** Start workers for these job names in this process. */
  startWorkers(processors: Record<string, Processor>, opts: { concurrency: number }): Promise<void>;
  /** Stop intake, let running processor calls finish within timeoutMs (then abort their signals), close connections. */
  close(opts?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Widens a typed processor for startWorkers' record (a `Processor<MyData>` is not assignable to
 * `Processor` under strictFunctionTypes). Job data is trusted: only this app enqueues it.
 */
export function defineProcessor<D, R>(fn: Processor<D, R>): Processor {
  return fn as unknown as Processor;
}
