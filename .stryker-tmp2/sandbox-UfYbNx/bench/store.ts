/**
 * Per-operation latency of the embedded StateStore (set, get, incr, setIfAbsent), one call at a
 * time, on an empty data dir and on one already holding BENCH_STORE_PRELOAD keys, with Redis on
 * 127.0.0.1 as the baseline of the same run (skipped when it does not answer). Also the time until
 * everything written is on disk (`flush()` where the store has one; SQLite commits every call).
 * Prints `name: value` figures and exits.
 */
// @ts-nocheck

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedStore, RedisStore, type StateStore } from "../src/core/store/index.js";
import { percentile, print } from "./stats.js";

const OPS = Number(process.env.BENCH_STORE_OPS ?? 5000);
const PRELOAD = Number(process.env.BENCH_STORE_PRELOAD ?? 20_000);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

type Op = "set" | "get" | "incr" | "setIfAbsent";
const OPERATIONS: Record<Op, (s: StateStore, i: number) => Promise<unknown>> = {
  set: (s, i) => s.set(`bench:set:${i % 500}`, `value-${i}`),
  get: (s, i) => s.get(`bench:set:${i % 500}`),
  incr: (s) => s.incr("bench:counter"),
  setIfAbsent: (s, i) => s.setIfAbsent(`bench:claim:${i}`, "1", 60_000),
};

/** Mean and p99 in microseconds of OPS sequential calls. */
async function measure(store: StateStore, op: Op): Promise<{ mean: number; p99: number }> {
  const fn = OPERATIONS[op];
  for (let i = 0; i < 200; i++) await fn(store, i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < OPS; i++) {
    const t0 = performance.now();
    await fn(store, i + 1000);
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p99: percentile(samples, 99) };
}

async function preload(store: StateStore): Promise<void> {
  for (let i = 0; i < PRELOAD; i += 500) {
    const batch = Array.from({ length: Math.min(500, PRELOAD - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map((n) => store.set(`preload:${n}`, JSON.stringify({ id: n, pad: "x".repeat(200) }))),
    );
  }
}

async function run(label: string, store: StateStore, means: Map<string, number>): Promise<void> {
  for (const op of Object.keys(OPERATIONS) as Op[]) {
    const { mean, p99 } = await measure(store, op);
    print(`${label}_${op}_mean_us`, mean);
    print(`${label}_${op}_p99_us`, p99);
    means.set(`${label}_${op}`, mean);
  }
  const flushable = store as StateStore & { flush?: () => Promise<void> };
  if (flushable.flush) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) {
      await store.set(`bench:durable:${i}`, "v");
      await flushable.flush();
    }
    print(`${label}_set_until_on_disk_mean_us`, ((performance.now() - t0) * 1000) / 100);
  }
}

const root = mkdtempSync(join(tmpdir(), "theta-bot-bench-store-"));
const means = new Map<string, number>();
try {
  print("ops_per_measure", OPS);
  print("preloaded_keys", PRELOAD);
  const empty = await EmbeddedStore.open({ dataDir: join(root, "empty") });
  await run("embedded_empty", empty, means);
  await empty.close();
  const loaded = await EmbeddedStore.open({ dataDir: join(root, "loaded") });
  await preload(loaded);
  await run("embedded_loaded", loaded, means);
  await loaded.close();

  const redis = await RedisStore.open({ url: REDIS_URL, keyPrefix: `bench-store-${process.pid}:` }).catch(
    () => null,
  );
  if (!redis) print("redis_baseline", "skipped (no Redis at BENCH_REDIS_URL)");
  else {
    await run("redis", redis, means);
    for (const op of Object.keys(OPERATIONS)) {
      const base = means.get(`redis_${op}`) as number;
      print(`embedded_loaded_${op}_vs_redis_ratio`, (means.get(`embedded_loaded_${op}`) as number) / base);
    }
    for (let keys = await redis.keys("", 5000); keys.length; keys = await redis.keys("", 5000)) {
      await Promise.all(keys.map((k) => redis.delete(k)));
    }
    await redis.close();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
