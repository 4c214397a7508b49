/**
 * Shard leases on real Redis: replicas split the shards fairly and never overlap; a replica that
 * loses Redis disconnects its shards before its leases can have a new owner, and the others take them.
 */
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { ShardLeases } from "../../src/adapters/discord/shard-leases.js";
import { createLogger } from "../../src/core/logger.js";
import { openStateStore, type StateStore } from "../../src/core/store/index.js";
import { until } from "../helpers/bot-process.js";
import { REDIS_URL } from "../helpers/job-stack.js";
import { deletePrefix } from "../helpers/redis-keys.js";

const prefix = `tbleases-${process.pid}-${randomBytes(3).toString("hex")}`;
const stores: StateStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  await deletePrefix(REDIS_URL, prefix);
});

/** A replica: its leases, and which shards it is "connected" to (start/stop calls). */
async function replica(name: string, count: number, o: { failing?: () => boolean } = {}) {
  const real = await openStateStore({ redisUrl: REDIS_URL, dataDir: tmpdir(), keyPrefix: `${prefix}:` });
  stores.push(real);
  // The same store, except that every call fails while `failing()` (Redis unreachable from this replica).
  const store = new Proxy(real, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function" || prop === "close" || prop === "kind") return v;
      return (...args: unknown[]) =>
        o.failing?.() ? Promise.reject(new Error("store unavailable")) : v.apply(target, args);
    },
  });
  const connected = new Set<number>();
  const leases = new ShardLeases({
    store,
    count,
    leaseMs: 2000,
    maxStarting: 1,
    replicaId: name,
    logger: createLogger("silent"),
    start: async (id) => void connected.add(id),
    stop: async (id) => void connected.delete(id),
    sessionBudget: async () => ({ remaining: 1000, resetAfterMs: 0 }),
  });
  return { leases, connected };
}

describe("shard leases", () => {
  it("split 4 shards 2 and 2 without overlap, and fence a replica that lost Redis before the other takes over", async () => {
    let aOffline = false;
    const a = await replica("a", 4, { failing: () => aOffline });
    const b = await replica("b", 4);
    await Promise.all([a.leases.start(), b.leases.start()]);
    await until(() => a.connected.size === 2 && b.connected.size === 2, 10_000, "a 2/2 split");
    expect([...a.connected].some((s) => b.connected.has(s))).toBe(false);

    // From here on: at no moment may a shard be connected on both replicas.
    let overlap = false;
    const watch = setInterval(() => {
      if ([...a.connected].some((s) => b.connected.has(s))) overlap = true;
    }, 10);
    aOffline = true;
    await until(() => a.connected.size === 0, 10_000, "a disconnecting its shards");
    await until(() => b.connected.size === 4, 10_000, "b taking every shard");
    clearInterval(watch);
    expect(overlap).toBe(false);

    aOffline = false; // back online: it joins again and gets its fair share handed over
    await until(() => a.connected.size === 2 && b.connected.size === 2, 15_000, "a 2/2 split again");
    await a.leases.stop();
    await b.leases.stop();
    expect(await stores[0]!.keys("discord:shards:")).toEqual([]);
  }, 60_000);
});
