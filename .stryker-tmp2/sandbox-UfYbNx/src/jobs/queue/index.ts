// @ts-nocheck
import { type BullmqQueueOptions, createBullmqQueue } from "./bullmq-queue.js";
import { createEmbeddedQueue } from "./embedded-queue.js";
import type { JobQueue } from "./job-queue.js";

export type { BullmqQueueOptions } from "./bullmq-queue.js";
export { createBullmqQueue } from "./bullmq-queue.js";
export { createEmbeddedQueue } from "./embedded-queue.js";
export * from "./job-queue.js";

export type OpenJobQueueOptions = Partial<Omit<BullmqQueueOptions, "redisUrl">> & {
  /** BullMQ when set, the embedded in-process queue otherwise. */
  redisUrl?: string | undefined;
  /** Embedded only: finished jobs kept in memory (default 1000). */
  retainFinished?: number;
};

export function openJobQueue(opts: OpenJobQueueOptions = {}): JobQueue {
  const { redisUrl, retainFinished, ...bullmq } = opts;
  if (redisUrl) return createBullmqQueue({ ...bullmq, redisUrl });
  return createEmbeddedQueue(retainFinished === undefined ? {} : { retainFinished });
}
