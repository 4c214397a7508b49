import { afterEach, describe, expect, it } from "vitest";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import type { StateStore } from "../../src/core/store/index.js";
import { Ledger } from "../../src/jobs/ledger.js";
import { type OpenedStore, openEmbedded, openRedis } from "../policy/helpers.js";
import { countedStore } from "./counted-store.js";

/**
 * The ledger's indexes on both stores, as an operator meets them: a rolling upgrade sees the jobs
 * the previous release indexed, the one-time build scans keys once and is retried after a failure,
 * the listing indexes do not grow past the retention, and a job whose record is on its way is not
 * forgotten by recovery.
 */
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

const DAY = 24 * 3600 * 1000;
const T0 = 1_764_547_200_000;
const origin = (tenantId: string, userId: string): JobOrigin => ({ platform: "slack", tenantId, userId });
const job = (id: string, o: JobOrigin) => ({ id, kind: "video" as const, title: id, origin: o, data: {} });
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

describe.each([
  ["embedded", openEmbedded],
  ["redis", openRedis],
])("ledger indexes on the %s store", (_, open) => {
  async function storeOf(): Promise<StateStore> {
    const o = await open();
    opened.push(o);
    return o.store;
  }

  it("a rolling upgrade: jobs the previous release indexed are listed and recovered without a rebuild", async () => {
    const store = await storeOf();
    // What a running bot of the previous release wrote (same keys, same Redis).
    const put = async (id: string, state: string, o: JobOrigin, at: number) => {
      await store.set(`ledger:${id}`, JSON.stringify({ ...job(id, o), state, createdAt: at, updatedAt: at }));
      await store.zadd("jobs-index:all", { [id]: at });
      await store.zadd(`jobs-index:tenant:${o.tenantId}`, { [id]: at });
      await store.zadd(`jobs-index:user:${o.tenantId}:${o.userId}`, { [id]: at });
      if (state !== "delivered") await store.zadd("jobs-index:unfinished", { [id]: at });
    };
    await put("old-1", "delivered", origin("T1", "ann"), T0);
    await put("old-2", "submitted", origin("T1", "bob"), T0 + 1);
    await put("old-3", "queued", origin("T2", "ann"), T0 + 2);
    await store.set("jobs-index:version", "1");
    const keys: string[] = [];
    const watched: StateStore = Object.assign(Object.create(store), {
      keys: (prefix: string, limit?: number) => {
        keys.push(prefix);
        return store.keys(prefix, limit);
      },
    });
    const ledger = new Ledger(watched, () => T0 + 10);
    expect(ids(await ledger.list())).toEqual(["old-3", "old-2", "old-1"]);
    expect(ids(await ledger.list({ tenantId: "T1" }))).toEqual(["old-2", "old-1"]);
    expect(ids(await ledger.list({ tenantId: "T1", userId: "ann" }))).toEqual(["old-1"]);
    expect(ids(await ledger.unfinished())).toEqual(["old-2", "old-3"]);
    expect(keys).toEqual([]);
  });

  it("records written before the indexes existed are indexed by one scan of the ledger keys, once per store", async () => {
    const store = await storeOf();
    await store.set(
      "ledger:pre",
      JSON.stringify({ ...job("pre", origin("T1", "ann")), state: "queued", createdAt: T0, updatedAt: T0 }),
    );
    await store.set(
      "ledger:pre-done",
      JSON.stringify({
        ...job("pre-done", origin("T1", "ann")),
        state: "delivered",
        createdAt: T0,
        updatedAt: T0,
      }),
    );
    await store.set("spend:slack:T1:2025-03-10", "0.5");
    const scans: string[] = [];
    const watched: StateStore = Object.assign(Object.create(store), {
      keys: (prefix: string, limit?: number) => {
        scans.push(prefix);
        return store.keys(prefix, limit);
      },
    });
    const first = new Ledger(watched, () => T0 + 10);
    expect(ids(await first.list()).sort()).toEqual(["pre", "pre-done"]);
    // Only the unfinished one is left for recovery to read.
    expect(await store.zrange("jobs-index:unfinished")).toEqual(["pre"]);
    expect(ids(await first.unfinished())).toEqual(["pre"]);
    // A second process (or a restart) on the same store does not scan again.
    const second = new Ledger(watched, () => T0 + 20);
    expect(ids(await second.list({ tenantId: "T1", userId: "ann" })).sort()).toEqual(["pre", "pre-done"]);
    expect(ids(await second.unfinished())).toEqual(["pre"]);
    expect(scans).toEqual(["ledger:"]);
  });

  it("a store failure during the one-time build fails that listing only; the next one builds", async () => {
    const store = await storeOf();
    await store.set(
      "ledger:pre",
      JSON.stringify({
        ...job("pre", origin("T1", "ann")),
        state: "submitted",
        createdAt: T0,
        updatedAt: T0,
      }),
    );
    let failures = 1;
    const flaky: StateStore = Object.assign(Object.create(store), {
      keys: async (prefix: string, limit?: number) => {
        if (failures-- > 0) throw new Error("store unavailable");
        return store.keys(prefix, limit);
      },
    });
    const ledger = new Ledger(flaky, () => T0 + 10);
    await expect(ledger.list()).rejects.toThrow("store unavailable");
    expect(ids(await ledger.list())).toEqual(["pre"]);
    expect(ids(await ledger.unfinished())).toEqual(["pre"]);
  });

  it("listing indexes drop jobs past the 30-day retention: at a process's first job, then every 64th", async () => {
    const store = await storeOf();
    let t = T0;
    const trims: string[] = [];
    const watched: StateStore = Object.assign(Object.create(store), {
      zremRangeByScore: (key: string, min: number, max: number) => {
        trims.push(key);
        return store.zremRangeByScore(key, min, max);
      },
    });
    const before = new Ledger(watched, () => t);
    await before.create(job("month-old", origin("T1", "ann")));
    t = T0 + 31 * DAY;
    const after = new Ledger(watched, () => t);
    trims.length = 0;
    await after.create(job("new-1", origin("T1", "ann")));
    const lists = ["jobs-index:all", "jobs-index:tenant:T1", "jobs-index:user:T1:ann"];
    expect(trims.sort()).toEqual(lists);
    for (const key of lists) expect(await store.zrange(key)).toEqual(["new-1"]);
    // The next 63 jobs do not trim; the 64th after the first does, and then again 64 later.
    for (let i = 2; i <= 129; i++) {
      t++;
      await after.create(job(`new-${i}`, origin("T1", "ann")));
      const expected = i < 65 ? 3 : i < 129 ? 6 : 9;
      if (i === 64 || i === 65 || i === 128 || i === 129) expect([i, trims.length]).toEqual([i, expected]);
    }
  });

  it("a job is created, listed and marked unfinished in one store call, and leaves the index in the call that ends it", async () => {
    const store = await storeOf();
    const { store: counted, calls } = countedStore(store);
    const said = () => calls.map(([name, key]) => `${name} ${String(key)}`);
    let t = T0 + DAY;
    const ledger = new Ledger(counted, () => t);
    await ledger.create(job("warm", origin("T1", "ann"))); // a process's first job also trims
    t++;
    calls.length = 0;
    await ledger.create(job("j", origin("T1", "ann")));
    expect(said()).toEqual(["compareAndSet ledger:j"]);
    for (const key of [
      "jobs-index:all",
      "jobs-index:tenant:T1",
      "jobs-index:user:T1:ann",
      "jobs-index:unfinished",
    ]) {
      expect([key, await store.zscore(key, "j")]).toEqual([key, t]);
    }
    calls.length = 0;
    await ledger.transition("j", ["queued"], "submitting");
    await ledger.transition("j", ["submitting"], "failed");
    expect(said()).toEqual(["compareAndSet ledger:j", "compareAndSet ledger:j"]);
    expect(await store.zrange("jobs-index:unfinished")).toEqual(["warm"]);
    expect(ids(await ledger.list())).toEqual(["j", "warm"]);
    // A move out of a final state (the ledger allows one; no job path makes it today) is unfinished again, in the same call.
    calls.length = 0;
    await ledger.transition("j", ["failed"], "queued");
    expect(said()).toEqual(["compareAndSet ledger:j"]);
    expect(ids(await ledger.unfinished())).toEqual(["warm", "j"]);
  });

  it("a job whose index cannot be written is not created, so no job exists that recovery could not find", async () => {
    const store = await storeOf();
    await store.set("jobs-index:unfinished", "damaged");
    const ledger = new Ledger(store, () => T0);
    await expect(ledger.create(job("j", origin("T1", "ann")))).rejects.toMatchObject({
      code: "store_type_error",
    });
    expect(await store.get("ledger:j")).toBeNull();
  });

  it("recovery keeps a job whose record is missing for a minute (it may be on its way), then drops it", async () => {
    const store = await storeOf();
    const now = T0 + DAY;
    const ledger = new Ledger(store, () => now);
    await ledger.create(job("real", origin("T1", "ann")));
    await ledger.create(job("ended", origin("T1", "ann")));
    await ledger.transition("ended", ["queued"], "failed");
    // A crash between two writes left the ended job listed (just now) as unfinished.
    await store.zadd("jobs-index:unfinished", { coming: now - 59_999, gone: now - 60_000, ended: now });
    expect(ids(await ledger.unfinished())).toEqual(["real"]);
    expect((await store.zrange("jobs-index:unfinished")).sort()).toEqual(["coming", "real"]);
  });

  it("a record that cannot be read during one recovery is recovered by the next, however old the job", async () => {
    const store = await storeOf();
    let t = T0;
    await new Ledger(store, () => t).create(job("paid", origin("T1", "ann")));
    t = T0 + 3_600_000;
    let failing = true;
    const flaky: StateStore = Object.assign(Object.create(store), {
      get: async (key: string) => {
        if (failing && key === "ledger:paid") throw new Error("store unavailable");
        return store.get(key);
      },
    });
    expect(ids(await new Ledger(flaky, () => t).unfinished())).toEqual([]);
    failing = false;
    expect(ids(await new Ledger(flaky, () => t).unfinished())).toEqual(["paid"]);
  });
});
