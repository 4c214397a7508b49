// @ts-nocheck
import { expect } from "vitest";
import { BotError } from "../../src/core/errors.js";
import type { StateStore } from "../../src/core/store/index.js";

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Awaits `promise`, expects it to reject with a BotError of `code`, and returns that error. */
export async function expectBotError(promise: Promise<unknown>, code: string): Promise<BotError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  const botError = err as BotError;
  expect(botError.code).toBe(code);
  expect(botError.family).toBe("runtime");
  return botError;
}

/** A unique namespace per test run, so tests never touch anyone else's keys in a shared Redis. */
export function uniquePrefix(): string {
  return `theta-bot-test:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 10)}:`;
}

/** Deletes every key of the store's namespace (best effort) and closes it. */
export async function drainAndClose(store: StateStore): Promise<void> {
  try {
    for (let keys = await store.keys(""); keys.length > 0; keys = await store.keys("")) {
      await Promise.all(keys.map((k) => store.delete(k)));
    }
  } catch {
    // already closed by the test
  }
  await store.close();
}
