// @ts-nocheck
import { BotError } from "../core/errors.js";
import type { JobKind, JobSpec, JobSubmitter } from "../core/job-record.js";
import type { Ledger, LedgerEntry } from "./ledger.js";
import { FINAL_STATES } from "./ledger.js";
import type { JobDeps } from "./processors/deps.js";
import { notifyFinal, resultOf } from "./processors/finish.js";
import { ondemandStep } from "./processors/ondemand.js";
import { readinessStep } from "./processors/readiness.js";
import { videoStep } from "./processors/video.js";
import type { JobProgress, JobQueue, Processor } from "./queue/job-queue.js";

export function processorsFor(deps: JobDeps): Record<JobKind, Processor> {
  return {
    ondemand: (ctx) => ondemandStep(ctx as never, deps),
    readiness: (ctx) => readinessStep(ctx as never, deps),
    video: (ctx) => videoStep(ctx as never, deps),
  };
}

export type { JobSpec };

/** The producer side (submit, cancel, wait) and worker start-up over one queue and ledger. */
export class JobService implements JobSubmitter {
  constructor(
    readonly queue: JobQueue,
    readonly ledger: Ledger,
  ) {}

  /** Records intent in the ledger, then enqueues; both steps are idempotent by id. */
  async submit(spec: JobSpec): Promise<{ id: string; created: boolean; entry: LedgerEntry }> {
    const opened = await this.ledger.open({
      id: spec.id,
      kind: spec.kind,
      title: spec.title,
      origin: spec.origin,
      data: spec.data,
      service: spec.service,
    });
    const created = opened.created;
    // A new record is known without reading it back; an existing one may have finished already.
    const entry = opened.created ? opened.entry : (await this.ledger.get(spec.id))!;
    if (!created && FINAL_STATES.includes(entry.state)) return { id: spec.id, created: false, entry };
    try {
      await this.queue.add(spec.kind, spec.data, { jobId: spec.id });
    } catch (err) {
      // The caller refunds and reports a failure: the record must not be revived by a restart's
      // recovery and run unpaid-for. (Best effort: with the store down too, nothing can be written.)
      if (created) {
        await this.ledger
          .transition(spec.id, ["queued"], "failed", {
            error: { code: "queue_unavailable", message: "The job could not be queued; nothing was sent." },
          })
          .catch(() => null);
      }
      throw err;
    }
    return { id: spec.id, created, entry };
  }

  /**
   * Only the requester may cancel. Before submission the job is removed and nothing is charged;
   * after it, polling stops and the result is not posted (Theta has no cancel route).
   */
  async cancel(
    id: string,
    userId: string,
    deps?: Pick<JobDeps, "delivery" | "events" | "logger">,
  ): Promise<{ outcome: string; message: string }> {
    const e = await this.ledger.get(id);
    if (!e) throw new BotError({ code: "job_not_found", family: "usage", message: `No job ${id}.` });
    if (e.origin.userId !== userId) {
      throw new BotError({
        code: "not_requester",
        family: "usage",
        message: "Only the person who started this job can cancel it.",
      });
    }
    if (FINAL_STATES.includes(e.state))
      return { outcome: "finished", message: `Job ${id} already ended (${e.state}).` };
    const r = await this.queue.cancel(id);
    const before = e.state === "queued";
    const message = before
      ? "Cancelled before it reached Theta; nothing was charged."
      : `Cancelled. Theta has no cancel route, so request ${e.upstreamId ?? ""} may still finish and be billed; its result will not be posted.`;
    if (r === "removed" || r === "not_found") {
      // Waiting or delayed: no worker holds it, so the ledger is ended here.
      const moved = await this.ledger.transition(
        id,
        ["queued", "submitting", "submitted", "done"],
        "cancelled",
        {
          outcome: "cancelled",
          error: { code: "job_cancelled", message },
        },
      );
      if (moved && deps) {
        await notifyFinal(deps as JobDeps, moved);
        await deps.delivery.postResult(moved.origin, resultOf(moved, "cancelled", message), []);
      }
      if (moved) return { outcome: "cancelled", message };
    }
    if (r === "finished") return { outcome: "finished", message: `Job ${id} already finished.` };
    // Active: the worker sees the cancel on its next step and ends the job itself.
    return { outcome: "cancelling", message: before ? "Cancelling; nothing has been charged." : message };
  }

  /**
   * Starts the processors, after re-queuing what the ledger says is unfinished (restart recovery)
   * for the platforms this process can deliver to.
   */
  async startWorkers(
    deps: JobDeps,
    concurrency: number,
    recoverPlatforms?: readonly string[],
  ): Promise<number> {
    let recovered = 0;
    for (const e of recoverPlatforms?.length === 0 ? [] : await this.ledger.unfinished()) {
      if (recoverPlatforms && !recoverPlatforms.includes(e.origin.platform)) continue;
      const r = await this.queue.add(e.kind, e.data, { jobId: e.id }).catch(() => ({ created: false }));
      if (r.created) recovered++;
    }
    await this.queue.startWorkers(processorsFor(deps), { concurrency });
    return recovered;
  }

  /** Resolves with the final ledger record; progress events are passed on as they come. */
  async waitFor(
    id: string,
    onProgress?: (p: JobProgress) => void,
    signal?: AbortSignal,
  ): Promise<LedgerEntry> {
    return new Promise<LedgerEntry>((resolve, reject) => {
      let settled = false;
      const check = async () => {
        const e = await this.ledger.get(id).catch(() => null);
        if (e && FINAL_STATES.includes(e.state) && !settled) {
          settled = true;
          cleanup();
          resolve(e);
        }
      };
      const offs = [
        this.queue.on("progress", (ev) => {
          if (ev.jobId === id && ev.progress) onProgress?.(ev.progress);
        }),
        ...(["completed", "failed", "cancelled"] as const).map((n) =>
          this.queue.on(n, (ev) => {
            if (ev.jobId === id) void check();
          }),
        ),
      ];
      const timer = setInterval(() => void check(), 1000);
      const onAbort = () => {
        cleanup();
        reject(signal?.reason);
      };
      const cleanup = () => {
        clearInterval(timer);
        for (const off of offs) off();
        signal?.removeEventListener("abort", onAbort);
      };
      signal?.addEventListener("abort", onAbort);
      void check();
    });
  }
}
