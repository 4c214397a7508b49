// @ts-nocheck
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { type Config, loadConfig } from "../../src/config.js";
import { BotError, type ErrorFamily } from "../../src/core/errors.js";
import { EmbeddedStore, RedisStore, type StateStore } from "../../src/core/store/index.js";

export const REDIS_URL = "redis://127.0.0.1:6379/0";

export function uniquePrefix(): string {
  return `theta-bot-policy-test:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 10)}:`;
}

export interface OpenedStore {
  store: StateStore;
  dir?: string;
  /** Deletes every key this test wrote (Redis) / the temp dir (embedded), and closes. */
  dispose(): Promise<void>;
}

export async function openEmbedded(): Promise<OpenedStore & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "theta-bot-policy-"));
  const store = await EmbeddedStore.open({ dataDir: dir });
  return {
    store,
    dir,
    dispose: async () => {
      await store.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function openRedis(): Promise<OpenedStore> {
  const store = await RedisStore.open({ url: REDIS_URL, keyPrefix: uniquePrefix() });
  return {
    store,
    dispose: async () => {
      for (let keys = await store.keys(""); keys.length > 0; keys = await store.keys("")) {
        await Promise.all(keys.map((k) => store.delete(k)));
      }
      await store.close();
    },
  };
}

export const newKey = (): Buffer => randomBytes(32);

export function config(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ LOG_LEVEL: "silent", ...env });
}

/** Awaits `promise`, expects a BotError with `code` (and `family`), and returns it. */
export async function rejects(
  promise: Promise<unknown>,
  code: string,
  family?: ErrorFamily,
): Promise<BotError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  const botError = err as BotError;
  expect(botError.code).toBe(code);
  if (family) expect(botError.family).toBe(family);
  return botError;
}

export function throws(fn: () => unknown, code: string, family?: ErrorFamily): BotError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BotError);
  const botError = caught as BotError;
  expect(botError.code).toBe(code);
  if (family) expect(botError.family).toBe(family);
  return botError;
}
