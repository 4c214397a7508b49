// @ts-nocheck
import { BotError, isBotError } from "../../core/errors.js";
import { cleanMessage } from "../../core/redact.js";
import type { JobEvent, JobEventName } from "./job-queue.js";

/** Typed errors of the queue (family "jobs"); codes are stable. */
export function queueUnavailable(cause?: unknown): BotError {
  return new BotError({
    code: "queue_unavailable",
    family: "jobs",
    message: "the job queue (Redis) is not answering; try again in a minute",
    retriable: true,
    cause,
  });
}

export function queueClosed(): BotError {
  return new BotError({ code: "queue_closed", family: "jobs", message: "the job queue is closed" });
}

export function invalidJobId(id: string): BotError {
  return new BotError({
    code: "invalid_job_id",
    family: "jobs",
    message: `job id "${id.slice(0, 60)}" is invalid: use 1-200 characters, no ":", and not only digits`,
  });
}

export function workersAlreadyStarted(): BotError {
  return new BotError({
    code: "workers_already_started",
    family: "jobs",
    message: "workers already started",
  });
}

/** Reasons carried by ctx.signal. */
export const abortReasons = {
  cancelled: () => new BotError({ code: "job_cancelled", family: "jobs", message: "the job was cancelled" }),
  closing: () =>
    new BotError({ code: "queue_closing", family: "jobs", message: "the worker is shutting down" }),
  lockLost: () =>
    new BotError({ code: "job_lock_lost", family: "jobs", message: "another worker took over this job" }),
};

export function abortCode(signal: AbortSignal): string | undefined {
  return signal.aborted && isBotError(signal.reason) ? signal.reason.code : undefined;
}

/** BullMQ forbids integer ids and ":"; both implementations enforce the same rule. */
export function validateJobId(id: string): void {
  if (typeof id !== "string" || id.length === 0 || id.length > 200 || id.includes(":") || /^\d+$/.test(id)) {
    throw invalidJobId(String(id));
  }
}

const CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** The code and safe message of whatever a processor threw. */
export function toJobError(err: unknown): { code: string; message: string } {
  if (isBotError(err)) return { code: err.code, message: err.message };
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: typeof code === "string" && CODE.test(code) ? code : "job_failed",
    message: cleanMessage(message),
  };
}

/** "[code] message": how a failure travels through BullMQ's failedReason. */
export function encodeFailure(e: { code: string; message: string }): string {
  return `[${e.code}] ${e.message}`;
}

export function decodeFailure(reason: string | undefined): { code: string; message: string } {
  const m = /^\[([a-z][a-z0-9_]*)\] ([\s\S]*)$/.exec(reason ?? "");
  if (m) return { code: m[1]!, message: m[2]! };
  if (reason === "job stalled more than allowable limit") return { code: "job_stalled", message: reason };
  return { code: "job_failed", message: cleanMessage(reason ?? "job failed") };
}

/** Listener registry whose listeners can never break the queue by throwing. */
export class JobEvents {
  private readonly listeners = new Map<JobEventName, Set<(e: JobEvent) => void>>();

  on(event: JobEventName, listener: (e: JobEvent) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit(event: JobEventName, e: JobEvent): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(e);
      } catch {
        // a listener's own failure is its problem
      }
    }
  }
}

/** Waits for p at most ms; true when it settled in time (a rejection counts as settled). */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
