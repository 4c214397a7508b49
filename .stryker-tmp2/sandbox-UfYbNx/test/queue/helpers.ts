// @ts-nocheck
import { Redis } from "ioredis";
import { expect } from "vitest";
import { BotError } from "../../src/core/errors.js";
import type { JobEvent, JobEventName, JobQueue } from "../../src/jobs/queue/index.js";

export const REDIS_URL = "redis://127.0.0.1:6379";

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a truthy value; generous by default, never a timing assertion. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Collects the events of one kind. */
export function record(queue: JobQueue, event: JobEventName): JobEvent[] {
  const seen: JobEvent[] = [];
  queue.on(event, (e) => seen.push(e));
  return seen;
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export async function expectBotError(promise: Promise<unknown>, code: string): Promise<BotError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  expect((err as BotError).code).toBe(code);
  expect((err as BotError).family).toBe("jobs");
  return err as BotError;
}

/** A BullMQ prefix no one else uses, so tests never touch other keys in a shared Redis. */
export function uniquePrefix(): string {
  return `tbq-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes every key under the prefix (SCAN + UNLINK; never FLUSH*). */
export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
