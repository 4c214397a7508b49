import { DelayedError, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { BotError } from "../../core/errors.js";
import { CANCELLED_CODE } from "./bullmq-events.js";
import type { QueueKeyNames, ResolvedOptions } from "./bullmq-redis.js";
import type { JobProgress, Processor, StepResult } from "./job-queue.js";
import { abortCode, abortReasons, encodeFailure, settlesWithin, toJobError } from "./queue-support.js";

/** Job data as stored: the caller's data plus the stall count the last completed run acknowledged. */
export interface Envelope {
  v: unknown;
  m?: number;
}

interface Run {
  ac: AbortController;
  ts: number;
  abandon: () => void;
  abandoned: Promise<never>;
}

const ABANDONED = Symbol("abandoned");
const ABORT_GRACE_MS = 1000;

/** Workers of this process: the processor wrapper, cancel delivery (pub/sub + cheap poll) and drain. */
export class BullmqWorkers {
  private readonly worker: Worker;
  private readonly sub: Redis;
  private readonly running = new Map<string, Run>();
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly processors: Record<string, Processor>,
    concurrency: number,
    private readonly redis: Redis,
    private readonly keys: QueueKeyNames,
    private readonly o: ResolvedOptions,
  ) {
    this.sub = redis.duplicate();
    this.sub.on("error", o.onError);
    this.sub.on("message", (_channel: string, message: string) => {
      const at = message.indexOf(":");
      this.abortRun(message.slice(at + 1), Number(message.slice(0, at)), abortReasons.cancelled());
    });
    this.worker = new Worker(o.queueName, (job, token) => this.process(job, token ?? ""), {
      connection: redis,
      prefix: o.prefix,
      concurrency: Math.max(1, concurrency),
      stalledInterval: o.stalledIntervalMs,
      maxStalledCount: o.maxStalledCount,
      lockDuration: o.lockDurationMs,
    });
    this.worker.on("error", o.onError);
    this.worker.on("lockRenewalFailed", (ids) => {
      for (const id of ids) this.running.get(id)?.ac.abort(abortReasons.lockLost());
    });
    this.poll = setInterval(() => void this.pollFlags(), o.cancelPollMs);
    this.poll.unref();
  }

  /** Resolves when subscribed and connected, or after 5 s (the worker keeps connecting). */
  async ready(): Promise<void> {
    await settlesWithin(
      Promise.all([this.sub.subscribe(this.keys.cancelChannel), this.worker.waitUntilReady()]),
      5000,
    );
  }

  /**
   * Stops intake and waits for runs (timeoutMs), then aborts their signals, then abandons runs
   * that still hang. When Redis is unreachable BullMQ's close waits for a connection that never
   * comes (ioredis never settles commands queued while it is between reconnect attempts), so the
   * blocking socket is dropped and the lock-renewal timer stopped: close() always returns and
   * leaves no timer behind.
   */
  async close(timeoutMs: number): Promise<void> {
    clearInterval(this.poll);
    const closing = this.worker.close();
    const settled = (ms: number) => settlesWithin(closing, ms);
    const busy = this.running.size > 0;
    if (await settled(busy ? timeoutMs : ABORT_GRACE_MS)) return this.sub.disconnect();
    for (const run of this.running.values()) run.ac.abort(abortReasons.closing());
    if (busy && (await settled(ABORT_GRACE_MS))) return this.sub.disconnect();
    for (const run of this.running.values()) run.abandon();
    if (await settled(ABORT_GRACE_MS)) return this.sub.disconnect();
    await settlesWithin(
      this.worker.backend.blockingConnection?.close(true) ?? Promise.resolve(),
      ABORT_GRACE_MS,
    );
    if (!(await settled(ABORT_GRACE_MS))) {
      // BullMQ 6.7 internals, optional so that a rename degrades to "the process exits a bit later".
      const internals = this.worker as unknown as {
        lockManager?: { close(): Promise<void> };
        stalledCheckStopper?: () => void;
      };
      await internals.lockManager?.close();
      internals.stalledCheckStopper?.();
    }
    this.sub.disconnect();
  }

  private abortRun(id: string, ts: number, reason: BotError): void {
    const run = this.running.get(id);
    if (run && run.ts === ts) run.ac.abort(reason);
  }

  /** Fallback for pub/sub messages lost in a reconnect: one MGET per tick, only while runs exist. */
  private async pollFlags(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    try {
      const flags = await this.redis.mget(ids.map((id) => this.keys.cancelFlag(id)));
      ids.forEach((id, i) => {
        if (flags[i]) this.abortRun(id, Number(flags[i]), abortReasons.cancelled());
      });
    } catch (err) {
      this.o.onError(err as Error);
    }
  }

  private async process(job: Job, token: string): Promise<unknown> {
    const id = job.id!;
    const env = (job.data ?? { v: undefined }) as Envelope;
    const processor = this.processors[job.name];
    if (!processor) {
      throw new Error(encodeFailure({ code: "no_processor", message: `no processor for job "${job.name}"` }));
    }
    let abandon: () => void = () => {};
    const abandoned = new Promise<never>((_, reject) => {
      abandon = () => reject(ABANDONED);
    });
    abandoned.catch(() => {});
    const run: Run = { ac: new AbortController(), ts: job.timestamp, abandon, abandoned };
    this.running.set(id, run);
    try {
      const flag = await this.redis.get(this.keys.cancelFlag(id));
      if (flag !== null && Number(flag) === job.timestamp) run.ac.abort(abortReasons.cancelled());
      let step: StepResult | undefined;
      let thrown: unknown;
      if (!run.ac.signal.aborted) {
        try {
          step = await Promise.race([processor(this.context(job, env, run.ac.signal)), run.abandoned]);
        } catch (err) {
          if (err === ABANDONED) throw new DelayedError(); // left active: the lock expires, a worker recovers it
          thrown = err ?? new Error("processor threw");
        }
      }
      const reason = abortCode(run.ac.signal);
      if (step?.kind === "done") return step.result ?? null;
      if (reason === "job_lock_lost") throw new DelayedError(); // another worker owns the job now
      if (reason === "job_cancelled") {
        await this.redis
          .multi()
          .zadd(this.keys.cancelled, job.timestamp, id)
          .zremrangebyrank(this.keys.cancelled, 0, -(this.o.removeOnFail + 1))
          .exec();
        throw new Error(encodeFailure({ code: CANCELLED_CODE, message: "the job was cancelled" }));
      }
      if (reason === "queue_closing" && step?.kind !== "delay") throw new DelayedError();
      if (thrown !== undefined) throw new Error(encodeFailure(toJobError(thrown)));
      if (step?.kind !== "delay") {
        throw new Error(
          encodeFailure({ code: "invalid_step", message: "processor returned no step result" }),
        );
      }
      const m = job.stalledCounter;
      const fieldsToUpdate =
        step.data !== undefined || m !== (env.m ?? 0)
          ? { data: JSON.stringify({ v: step.data !== undefined ? step.data : env.v, m } satisfies Envelope) }
          : undefined;
      // One script call: data update + move to delayed (BullMQ's own updateData + moveToDelayed are two).
      await this.worker.backend.moveToDelayed(id, Date.now(), Math.max(0, step.delayMs), token, {
        skipAttempt: true,
        ...(fieldsToUpdate ? { fieldsToUpdate } : {}),
      });
      throw new DelayedError();
    } finally {
      this.running.delete(id);
    }
  }

  private context(job: Job, env: Envelope, signal: AbortSignal) {
    return {
      id: job.id!,
      name: job.name,
      data: env.v,
      run: job.attemptsStarted,
      recovered: job.stalledCounter > (env.m ?? 0),
      signal,
      // One PUBLISH, not BullMQ's updateProgress (a script of four commands writing the job hash
      // and the event stream): progress is for whoever is listening now, nothing reads it later.
      progress: async (p: JobProgress) => {
        await this.redis.publish(this.keys.progressChannel, JSON.stringify({ jobId: job.id, progress: p }));
      },
    };
  }
}
