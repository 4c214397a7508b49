// @ts-nocheck
import PQueue from "p-queue";
import { BotError } from "../../core/errors.js";
import {
  JOB_STATES,
  type JobEvent,
  type JobEventName,
  type JobQueue,
  type JobState,
  type Processor,
  type StepResult,
} from "./job-queue.js";
import {
  abortCode,
  abortReasons,
  JobEvents,
  queueClosed,
  settlesWithin,
  toJobError,
  validateJobId,
  workersAlreadyStarted,
} from "./queue-support.js";

interface Rec {
  id: string;
  name: string;
  data: unknown;
  state: JobState;
  run: number;
  seq: number;
  cancelRequested: boolean;
  timer?: NodeJS.Timeout | undefined;
  enqueued?: AbortController | undefined;
  running?: AbortController | undefined;
}

const ABORT_GRACE_MS = 1000;

/** Data travels as JSON, exactly as it would through Redis. */
function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** In-process JobQueue on p-queue. In memory only: after a restart the caller recovers from its ledger. */
export function createEmbeddedQueue(opts: { retainFinished?: number } = {}): JobQueue {
  return new EmbeddedQueue(Math.max(1, opts.retainFinished ?? 1000));
}

class EmbeddedQueue implements JobQueue {
  readonly kind = "embedded" as const;
  private readonly jobs = new Map<string, Rec>();
  private readonly finished: string[] = [];
  private readonly removedByCancel = new Set<string>();
  private readonly events = new JobEvents();
  private processors: Record<string, Processor> = {};
  private pq: PQueue | undefined;
  private seq = 0;
  private closing = false;

  constructor(private readonly retain: number) {}

  async add<D>(name: string, data: D, opts: { jobId: string; delayMs?: number }) {
    if (this.closing) throw queueClosed();
    validateJobId(opts.jobId);
    if (this.jobs.has(opts.jobId)) return { id: opts.jobId, created: false };
    this.removedByCancel.delete(opts.jobId);
    const rec: Rec = {
      id: opts.jobId,
      name,
      data: jsonCopy(data),
      state: "waiting",
      run: 0,
      seq: 0,
      cancelRequested: false,
    };
    this.jobs.set(rec.id, rec);
    if (opts.delayMs && opts.delayMs > 0) this.schedule(rec, opts.delayMs);
    else this.enqueue(rec);
    return { id: rec.id, created: true };
  }

  async cancel(jobId: string) {
    const rec = this.jobs.get(jobId);
    if (!rec) return "not_found" as const;
    if (rec.state === "waiting" || rec.state === "delayed") {
      rec.enqueued?.abort();
      clearTimeout(rec.timer);
      this.jobs.delete(jobId);
      this.removedByCancel.add(jobId);
      if (this.removedByCancel.size > this.retain)
        this.removedByCancel.delete(this.removedByCancel.values().next().value!);
      this.events.emit("cancelled", { jobId, name: rec.name });
      return "removed" as const;
    }
    if (rec.state !== "active") return "finished" as const;
    rec.cancelRequested = true;
    rec.running?.abort(abortReasons.cancelled());
    return "flagged" as const;
  }

  async isCancelled(jobId: string) {
    const rec = this.jobs.get(jobId);
    return rec ? rec.cancelRequested || rec.state === "cancelled" : this.removedByCancel.has(jobId);
  }

  async getState(jobId: string) {
    return this.jobs.get(jobId)?.state ?? null;
  }

  async wake(jobId: string) {
    const rec = this.jobs.get(jobId);
    if (rec?.state !== "delayed" || !rec.timer || this.closing) return false;
    clearTimeout(rec.timer);
    rec.timer = undefined;
    this.enqueue(rec);
    return true;
  }

  async position(jobId: string) {
    const rec = this.jobs.get(jobId);
    if (rec?.state !== "waiting") return null;
    let ahead = 0;
    for (const other of this.jobs.values()) if (other.state === "waiting" && other.seq < rec.seq) ahead++;
    return ahead + 1;
  }

  async counts() {
    const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const rec of this.jobs.values()) out[rec.state]++;
    return out;
  }

  on(event: JobEventName, listener: (e: JobEvent) => void): () => void {
    return this.events.on(event, listener);
  }

  async startWorkers(processors: Record<string, Processor>, opts: { concurrency: number }) {
    if (this.closing) throw queueClosed();
    if (this.pq) throw workersAlreadyStarted();
    this.processors = { ...processors };
    this.pq = new PQueue({ concurrency: Math.max(1, opts.concurrency) });
    const waiting = [...this.jobs.values()]
      .filter((r) => r.state === "waiting")
      .sort((a, b) => a.seq - b.seq);
    for (const rec of waiting) this.submit(rec);
  }

  async close(opts: { timeoutMs?: number } = {}) {
    if (this.closing) return;
    this.closing = true;
    for (const rec of this.jobs.values()) clearTimeout(rec.timer);
    const pq = this.pq;
    if (!pq) return;
    pq.pause();
    pq.clear();
    if (await settlesWithin(pq.onPendingZero(), opts.timeoutMs ?? 30_000)) return;
    for (const rec of this.jobs.values()) rec.running?.abort(abortReasons.closing());
    await settlesWithin(pq.onPendingZero(), ABORT_GRACE_MS);
  }

  private schedule(rec: Rec, ms: number): void {
    rec.state = "delayed";
    // Deliberately not unref'd: the process stays alive while delayed jobs exist, until close().
    rec.timer = setTimeout(() => {
      rec.timer = undefined;
      if (this.jobs.get(rec.id) === rec && !this.closing) this.enqueue(rec);
    }, ms);
  }

  private enqueue(rec: Rec): void {
    rec.state = "waiting";
    rec.seq = ++this.seq;
    if (this.pq) this.submit(rec);
  }

  private submit(rec: Rec): void {
    const enqueued = new AbortController();
    rec.enqueued = enqueued;
    this.pq?.add(() => this.runOnce(rec), { signal: enqueued.signal }).catch(() => {});
  }

  private async runOnce(rec: Rec): Promise<void> {
    if (this.closing || this.jobs.get(rec.id) !== rec || rec.state !== "waiting") return;
    const ac = new AbortController();
    Object.assign(rec, { enqueued: undefined, running: ac, state: "active", run: rec.run + 1 });
    if (rec.cancelRequested) ac.abort(abortReasons.cancelled());
    const processor = this.processors[rec.name];
    let step: StepResult | undefined;
    let thrown: unknown;
    if (!processor) {
      thrown = new BotError({
        code: "no_processor",
        family: "jobs",
        message: `no processor for job "${rec.name}"`,
      });
    } else if (!ac.signal.aborted) {
      try {
        step = await processor({
          id: rec.id,
          name: rec.name,
          data: jsonCopy(rec.data),
          run: rec.run,
          recovered: false,
          signal: ac.signal,
          progress: async (p) => {
            if (this.jobs.get(rec.id) === rec)
              this.events.emit("progress", { jobId: rec.id, name: rec.name, progress: jsonCopy(p) });
          },
        });
      } catch (err) {
        thrown = err ?? new Error("processor threw");
      }
    }
    rec.running = undefined;
    const reason = abortCode(ac.signal);
    if (step?.kind === "done")
      return this.finish(rec, "completed", { result: jsonCopy(step.result ?? null) });
    if (reason === "job_cancelled") return this.finish(rec, "cancelled", {});
    if (reason === "queue_closing" && step?.kind !== "delay") return; // abandoned; the ledger recovers it
    if (thrown !== undefined) return this.finish(rec, "failed", { error: toJobError(thrown) });
    if (step?.kind === "delay") {
      if (step.data !== undefined) rec.data = jsonCopy(step.data);
      if (this.closing) rec.state = "delayed";
      else this.schedule(rec, Math.max(0, step.delayMs));
      return;
    }
    this.finish(rec, "failed", {
      error: { code: "invalid_step", message: "processor returned no step result" },
    });
  }

  private finish(rec: Rec, state: "completed" | "failed" | "cancelled", extra: Partial<JobEvent>): void {
    if (this.jobs.get(rec.id) !== rec) return;
    rec.state = state;
    this.finished.push(rec.id);
    while (this.finished.length > this.retain) {
      const old = this.jobs.get(this.finished.shift()!);
      if (old && (old.state === "completed" || old.state === "failed" || old.state === "cancelled"))
        this.jobs.delete(old.id);
    }
    this.events.emit(state, { jobId: rec.id, name: rec.name, ...extra });
  }
}
