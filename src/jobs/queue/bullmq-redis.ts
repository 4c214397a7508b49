import { Redis } from "ioredis";
import { queueUnavailable } from "./queue-support.js";

export interface BullmqQueueOptions {
  redisUrl: string;
  queueName?: string;
  prefix?: string;
  /** How often workers look for stalled jobs (default 30000). */
  stalledIntervalMs?: number;
  /** Stall recoveries before a job fails with job_stalled (default 5). */
  maxStalledCount?: number;
  /** A crashed worker's job is recoverable once its lock expires (default 30000). */
  lockDurationMs?: number;
  /** Finished jobs kept, by count (defaults 1000 / 5000). */
  removeOnComplete?: number;
  removeOnFail?: number;
  /** Fallback check of cancel flags while runs are in progress (default 5000; cancels normally arrive by pub/sub). */
  cancelPollMs?: number;
  /** Producer calls give up after this long with queue_unavailable (default 2000). */
  commandTimeoutMs?: number;
  /** Connection and background errors (the queue keeps going); default: ignored. */
  onError?: (err: Error) => void;
}

export type ResolvedOptions = Required<BullmqQueueOptions>;

export function resolveOptions(o: BullmqQueueOptions): ResolvedOptions {
  return {
    redisUrl: o.redisUrl,
    queueName: o.queueName ?? "theta-jobs",
    prefix: o.prefix ?? "bull",
    stalledIntervalMs: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: o.maxStalledCount ?? 5,
    lockDurationMs: o.lockDurationMs ?? 30_000,
    removeOnComplete: o.removeOnComplete ?? 1000,
    removeOnFail: o.removeOnFail ?? 5000,
    cancelPollMs: o.cancelPollMs ?? 5000,
    commandTimeoutMs: o.commandTimeoutMs ?? 2000,
    onError: o.onError ?? (() => {}),
  };
}

/** Redis keys: BullMQ's own plus the cancel flag, the cancelled set, and the cancel and progress channels. */
export function queueKeys(prefix: string, queueName: string) {
  const base = `${prefix}:${queueName}`;
  return {
    job: (id: string) => `${base}:${id}`,
    cancelFlag: (id: string) => `${base}:cancel:${id}`,
    wait: `${base}:wait`,
    failed: `${base}:failed`,
    cancelled: `${base}:cancelled`,
    cancelChannel: `${base}:cancel`,
    progressChannel: `${base}:progress`,
  };
}
export type QueueKeyNames = ReturnType<typeof queueKeys>;

/** Flags live as long as any job could (7 days); the value is the job's creation timestamp. */
export const CANCEL_FLAG_TTL_SEC = 7 * 24 * 3600;

/** Producer side: fails fast, so a Redis outage surfaces as queue_unavailable instead of a hang. */
export function producerRedis(url: string, commandTimeoutMs: number, onError: (err: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: commandTimeoutMs,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (times) => Math.min(times * 250, 2000),
  });
  redis.on("error", onError);
  return redis;
}

/** Worker side: commands wait for the connection, so workers ride out a Redis restart. */
export function backgroundRedis(url: string, onError: (err: Error) => void): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 250, 2000),
  });
  redis.on("error", onError);
  return redis;
}

/** Resolves once the connection is ready, or rejects with queue_unavailable at the deadline. */
export function untilReady(redis: Redis, deadline: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(
      () => {
        redis.off("ready", onReady);
        reject(queueUnavailable());
      },
      Math.max(0, deadline - Date.now()),
    );
    redis.once("ready", onReady);
  });
}

const CONNECTION_ERROR =
  /Stream isn't writeable|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|max retries|Reached the max retries/i;

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === "MaxRetriesPerRequestError" || CONNECTION_ERROR.test(err.message);
}

/** QUIT politely, or drop the socket when Redis does not answer. */
export async function closeRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  if (redis.status === "end") return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([redis.quit().catch(() => {}), timeout]);
  clearTimeout(timer);
  redis.disconnect();
}
