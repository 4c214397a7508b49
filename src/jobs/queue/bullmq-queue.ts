import { Job, Queue, type RedisClient } from "bullmq";
import type { Redis } from "ioredis";
import { isBotError } from "../../core/errors.js";
import { BullmqEventBridge } from "./bullmq-events.js";
import {
  type BullmqQueueOptions,
  backgroundRedis,
  CANCEL_FLAG_TTL_SEC,
  closeRedis,
  isConnectionError,
  producerRedis,
  queueKeys,
  type ResolvedOptions,
  resolveOptions,
  untilReady,
} from "./bullmq-redis.js";
import { BullmqWorkers, type Envelope } from "./bullmq-worker.js";
import {
  JOB_STATES,
  type JobEvent,
  type JobEventName,
  type JobQueue,
  type JobState,
  type Processor,
} from "./job-queue.js";
import {
  JobEvents,
  queueClosed,
  queueUnavailable,
  settlesWithin,
  validateJobId,
  workersAlreadyStarted,
} from "./queue-support.js";

export type { BullmqQueueOptions };

const STATE: Record<string, JobState> = {
  waiting: "waiting",
  prioritized: "waiting",
  "waiting-children": "waiting",
  delayed: "delayed",
  active: "active",
  completed: "completed",
  failed: "failed",
};

/** JobQueue on BullMQ. Producer calls fail fast (queue_unavailable); workers ride out Redis restarts. */
export function createBullmqQueue(opts: BullmqQueueOptions): JobQueue {
  return new BullmqQueue(resolveOptions(opts));
}

class BullmqQueue implements JobQueue {
  readonly kind = "bullmq" as const;
  private readonly keys;
  private readonly producer: Redis;
  private readonly queue: Queue;
  private readonly events = new JobEvents();
  private background: Redis | undefined;
  private bridge: BullmqEventBridge | undefined;
  private workers: BullmqWorkers | undefined;
  private closed = false;

  constructor(private readonly o: ResolvedOptions) {
    this.keys = queueKeys(o.prefix, o.queueName);
    this.producer = producerRedis(o.redisUrl, o.commandTimeoutMs, o.onError);
    this.queue = new Queue(o.queueName, { connection: this.producer, prefix: o.prefix });
    this.queue.on("error", o.onError);
  }

  async add<D>(name: string, data: D, opts: { jobId: string; delayMs?: number }) {
    validateJobId(opts.jobId);
    const job = new Job(
      this.queue,
      name,
      { v: data } satisfies Envelope,
      {
        jobId: opts.jobId,
        attempts: 1,
        removeOnComplete: { count: this.o.removeOnComplete },
        removeOnFail: { count: this.o.removeOnFail },
        ...(opts.delayMs && opts.delayMs > 0 ? { delay: opts.delayMs } : {}),
      },
      opts.jobId,
    );
    // EXISTS and the add script in one MULTI: atomic, so exactly one caller sees created:true.
    const results = await this.guard(async (client) => {
      const multi = client.multi() as ReturnType<RedisClient["multi"]> & { exists(key: string): unknown };
      multi.exists(this.keys.job(opts.jobId));
      await job.addJob(multi);
      return multi.exec();
    });
    const [existed, added] = results ?? [];
    const failure = existed?.[0] ?? added?.[0];
    if (failure) throw failure;
    return { id: opts.jobId, created: existed?.[1] === 0 };
  }

  cancel(jobId: string) {
    return this.guard(async () => {
      const [state, ts] = await Promise.all([
        this.queue.getJobState(jobId),
        this.producer.hget(this.keys.job(jobId), "timestamp"),
      ]);
      if (state === "unknown" || ts === null) return "not_found" as const;
      if (state === "completed" || state === "failed") return "finished" as const;
      await this.producer.set(this.keys.cancelFlag(jobId), ts, "EX", CANCEL_FLAG_TTL_SEC);
      // A job that just turned active cannot be removed (it is locked): its worker reads the flag.
      if (state !== "active" && (await this.queue.remove(jobId)) === 1) return "removed" as const;
      await this.producer.publish(this.keys.cancelChannel, `${ts}:${jobId}`);
      return "flagged" as const;
    });
  }

  wake(jobId: string) {
    return this.guard(async () => {
      const job = await Job.fromId(this.queue, jobId);
      if (!job) return false;
      // promote() refuses jobs that are not delayed (running, finished): nothing to wake then.
      return job.promote().then(
        () => true,
        () => false,
      );
    });
  }

  isCancelled(jobId: string) {
    return this.guard(async () => {
      const [flag, ts, score] = await Promise.all([
        this.producer.get(this.keys.cancelFlag(jobId)),
        this.producer.hget(this.keys.job(jobId), "timestamp"),
        this.producer.zscore(this.keys.cancelled, jobId),
      ]);
      if (ts === null) return flag !== null || score !== null; // removed by cancel (or trimmed after one)
      return flag === ts || (score !== null && Number(score) === Number(ts));
    });
  }

  getState(jobId: string) {
    return this.guard(async () => {
      const state = STATE[await this.queue.getJobState(jobId)] ?? null;
      if (state !== "failed") return state;
      const [ts, score] = await Promise.all([
        this.producer.hget(this.keys.job(jobId), "timestamp"),
        this.producer.zscore(this.keys.cancelled, jobId),
      ]);
      return score !== null && Number(score) === Number(ts) ? "cancelled" : "failed";
    });
  }

  position(jobId: string) {
    // BullMQ pushes new jobs on the left of "wait" and takes them from the right.
    return this.guard(async () => {
      const [index, length] = await Promise.all([
        this.producer.lpos(this.keys.wait, jobId),
        this.producer.llen(this.keys.wait),
      ]);
      return index === null ? null : length - index;
    });
  }

  counts() {
    return this.guard(async () => {
      const [c, members] = await Promise.all([
        this.queue.getJobCounts(
          "waiting",
          "prioritized",
          "waiting-children",
          "delayed",
          "active",
          "completed",
          "failed",
        ),
        this.producer.zrange(this.keys.cancelled, 0, "-1"),
      ]);
      const present = members.length ? await this.producer.zmscore(this.keys.failed, ...members) : [];
      const cancelled = present.filter((s) => s !== null).length;
      const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      const n = (k: string) => c[k] ?? 0;
      out.waiting = n("waiting") + n("prioritized") + n("waiting-children");
      Object.assign(out, { delayed: n("delayed"), active: n("active"), completed: n("completed") });
      out.failed = Math.max(0, n("failed") - cancelled);
      out.cancelled = cancelled;
      return out;
    });
  }

  on(event: JobEventName, listener: (e: JobEvent) => void): () => void {
    if (!this.bridge && !this.closed) {
      this.bridge = new BullmqEventBridge(
        {
          queueName: this.o.queueName,
          prefix: this.o.prefix,
          connection: this.bg(),
          progressChannel: this.keys.progressChannel,
          onError: this.o.onError,
        },
        (id) => this.bg().hget(this.keys.job(id), "name"),
        (name, e) => this.events.emit(name, e),
      );
    }
    return this.events.on(event, listener);
  }

  async startWorkers(processors: Record<string, Processor>, opts: { concurrency: number }) {
    if (this.closed) throw queueClosed();
    if (this.workers) throw workersAlreadyStarted();
    this.workers = new BullmqWorkers(processors, opts.concurrency, this.bg(), this.keys, this.o);
    await this.workers.ready();
  }

  async close(opts: { timeoutMs?: number } = {}) {
    if (this.closed) return;
    this.closed = true;
    await this.workers?.close(opts.timeoutMs ?? 30_000);
    await this.bridge?.close();
    await settlesWithin(this.queue.close(), 1000);
    await closeRedis(this.producer);
    if (this.background) await closeRedis(this.background);
  }

  private bg(): Redis {
    this.background ??= backgroundRedis(this.o.redisUrl, this.o.onError);
    return this.background;
  }

  /** Runs a producer call with a deadline; nothing is sent after the caller was told it failed. */
  private async guard<T>(fn: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.closed) throw queueClosed();
    const deadline = Date.now() + this.o.commandTimeoutMs;
    let late = false;
    const work = (async () => {
      await untilReady(this.producer, deadline);
      const client = await this.queue.backend.client;
      if (late) throw queueUnavailable();
      return fn(client);
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(queueUnavailable()), Math.max(0, deadline - Date.now()) + 50);
    });
    work.catch(() => {});
    try {
      return await Promise.race([work, timeout]);
    } catch (err) {
      throw isBotError(err) || !isConnectionError(err) ? err : queueUnavailable(err);
    } finally {
      late = true;
      clearTimeout(timer);
    }
  }
}
