// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/core/store/index.js";
import { Ledger, type LedgerEntry } from "../../src/jobs/ledger.js";
import { type OpenedStore, openEmbedded, rejects } from "../policy/helpers.js";

/**
 * The ledger decides "submit once, deliver once": each test here is a transition a worker relies on.
 */
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

async function storeOf(): Promise<StateStore> {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}

const origin = { platform: "discord" as const, tenantId: "g1", userId: "u1", channelId: "c1" };
const job = (id: string, extra: Partial<LedgerEntry> = {}) => ({
  id,
  kind: "ondemand" as const,
  title: "Image",
  origin,
  data: { service: "flux" },
  ...extra,
});
const DAY = 24 * 3600 * 1000;

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    set: (v: number) => {
      t = v;
    },
  };
}

describe("Ledger.create and get", () => {
  it("creates a queued record once; a second create of the same job changes nothing", async () => {
    const store = await storeOf();
    const c = clock(5000);
    const ledger = new Ledger(store, c.now);
    expect(await ledger.create(job("j1"))).toBe(true);
    c.set(9000);
    expect(await ledger.create(job("j1", { title: "Other" }))).toBe(false);
    expect(await ledger.get("j1")).toEqual({
      ...job("j1"),
      state: "queued",
      createdAt: 5000,
      updatedAt: 5000,
    });
    const ttl = await store.ttlMs("ledger:j1");
    expect(ttl).toBeGreaterThan(29 * DAY);
    expect(ttl).toBeLessThanOrEqual(30 * DAY);
  });

  it("an unknown job is null; a damaged record is ledger_corrupt, not a guess", async () => {
    const store = await storeOf();
    const ledger = new Ledger(store);
    expect(await ledger.get("missing")).toBeNull();
    await store.set("ledger:bad", JSON.stringify({ id: "bad", state: "half-done", kind: "ondemand" }));
    const err = await rejects(ledger.get("bad"), "ledger_corrupt", "jobs");
    expect(err.message).toBe("The ledger record of job bad is damaged.");
    await store.set("ledger:noid", JSON.stringify({ state: "queued", kind: "ondemand" }));
    await rejects(ledger.get("noid"), "ledger_corrupt");
    await store.set("ledger:nokind", JSON.stringify({ id: "nokind", state: "queued" }));
    await rejects(ledger.get("nokind"), "ledger_corrupt");
  });
});

describe("Ledger.transition", () => {
  it("moves only from an allowed state, applies the patch and stamps the time", async () => {
    const store = await storeOf();
    const c = clock(1000);
    const ledger = new Ledger(store, c.now);
    await ledger.create(job("j"));
    expect(await ledger.transition("j", ["submitted"], "done")).toBeNull();
    expect((await ledger.get("j"))?.state).toBe("queued");
    c.set(2000);
    const next = await ledger.transition("j", ["queued"], "submitting", { service: "flux" });
    expect(next).toMatchObject({ state: "submitting", service: "flux", createdAt: 1000, updatedAt: 2000 });
    expect(next?.finishedAt).toBeUndefined();
    expect(await ledger.get("j")).toEqual(next);
    c.set(3000);
    const sub = await ledger.transition("j", ["submitting"], "submitted", { upstreamId: "req_1" });
    expect(sub).toMatchObject({ state: "submitted", upstreamId: "req_1", service: "flux", updatedAt: 3000 });
    expect(sub?.finishedAt).toBeUndefined();
  });

  it("a job that does not exist does not move", async () => {
    const ledger = new Ledger(await storeOf());
    expect(await ledger.transition("nope", ["queued"], "submitting")).toBeNull();
  });

  it("finishedAt is stamped when the job is done or final, and keeps the first finish time", async () => {
    const store = await storeOf();
    const c = clock(1000);
    const ledger = new Ledger(store, c.now);
    await ledger.create(job("j"));
    await ledger.transition("j", ["queued"], "submitting");
    await ledger.transition("j", ["submitting"], "submitted");
    c.set(5000);
    expect((await ledger.transition("j", ["submitted"], "done"))?.finishedAt).toBe(5000);
    c.set(6000);
    const delivering = await ledger.transition("j", ["done"], "delivering");
    expect(delivering).toMatchObject({ finishedAt: 5000, updatedAt: 6000 });
    c.set(7000);
    expect(await ledger.transition("j", ["delivering"], "delivered")).toMatchObject({
      state: "delivered",
      finishedAt: 5000,
      updatedAt: 7000,
    });
    for (const final of ["failed", "cancelled", "ambiguous"] as const) {
      await ledger.create(job(final));
      c.set(8000);
      expect((await ledger.transition(final, ["queued"], final))?.finishedAt).toBe(8000);
    }
  });

  it("each transition renews the record's 30-day retention", async () => {
    const store = await storeOf();
    const ledger = new Ledger(store);
    await ledger.create(job("j"));
    await store.expire("ledger:j", 60_000);
    await ledger.transition("j", ["queued"], "submitting");
    expect(await store.ttlMs("ledger:j")).toBeGreaterThan(29 * DAY);
  });

  it("two workers racing from the same state: exactly one moves the job", async () => {
    const store = await storeOf();
    const a = new Ledger(store);
    const b = new Ledger(store);
    await a.create(job("j"));
    await a.get("j");
    await b.get("j");
    const results = await Promise.all([
      a.transition("j", ["queued"], "submitting"),
      b.transition("j", ["queued"], "submitting"),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("a worker whose last read is stale re-reads and decides on the current state", async () => {
    const store = await storeOf();
    const a = new Ledger(store);
    const b = new Ledger(store);
    await a.create(job("j"));
    expect((await a.get("j"))?.state).toBe("queued");
    await b.transition("j", ["queued"], "submitting");
    // a still remembers "queued": it must not submit a second time.
    expect(await a.transition("j", ["queued"], "submitting")).toBeNull();
    // …but can still take the step that is now allowed.
    await b.transition("j", ["submitting"], "submitted", { upstreamId: "r1" });
    expect(await a.transition("j", ["submitted"], "done")).toMatchObject({ state: "done", upstreamId: "r1" });
  });

  it("a worker that finished a job and finds it changed later reads the record again", async () => {
    const store = await storeOf();
    const a = new Ledger(store);
    const b = new Ledger(store);
    await a.create(job("j"));
    await a.transition("j", ["queued"], "ambiguous");
    await b.transition("j", ["ambiguous"], "failed", { error: { code: "x", message: "y" } });
    expect(await a.transition("j", ["ambiguous"], "delivered")).toBeNull();
    expect((await a.get("j"))?.state).toBe("failed");
  });

  it("uses what it last read or wrote instead of a second read, and reads afresh after a final state", async () => {
    const inner = await storeOf();
    let reads = 0;
    const store: StateStore = Object.assign(Object.create(inner), {
      get: (k: string) => {
        reads++;
        return inner.get(k);
      },
    });
    const ledger = new Ledger(store);
    await ledger.create(job("j"));
    await ledger.get("j");
    reads = 0;
    await ledger.transition("j", ["queued"], "submitting");
    await ledger.transition("j", ["submitting"], "submitted");
    expect(reads).toBe(0);
    await ledger.transition("j", ["submitted"], "failed");
    reads = 0;
    expect(await ledger.transition("j", ["failed"], "ambiguous")).not.toBeNull();
    expect(reads).toBe(1);
  });

  it("survives 19 lost races in a row, and gives up retriably at the 20th", async () => {
    const inner = await storeOf();
    let losses = 0;
    const store: StateStore = Object.assign(Object.create(inner), {
      compareAndSet: async (...args: Parameters<StateStore["compareAndSet"]>) => {
        if (losses > 0) {
          losses--;
          return false;
        }
        return inner.compareAndSet(...args);
      },
    });
    const ledger = new Ledger(store);
    await ledger.create(job("j"));
    losses = 19;
    expect(await ledger.transition("j", ["queued"], "submitting")).toMatchObject({ state: "submitting" });
    losses = 20;
    const err = await rejects(
      ledger.transition("j", ["submitting"], "submitted"),
      "ledger_contention",
      "jobs",
    );
    expect(err.retriable).toBe(true);
    expect(err.message).toBe("Job j is being changed by too many workers at once.");
    expect((await ledger.get("j"))?.state).toBe("submitting");
  });
});

describe("Ledger.list and unfinished", () => {
  it("lists newest first, 20 by default, optionally one tenant's or one member's jobs", async () => {
    const store = await storeOf();
    const c = clock(1000);
    const ledger = new Ledger(store, c.now);
    for (let i = 0; i < 25; i++) {
      c.set(1000 + i);
      await ledger.create(
        job(`j${String(i).padStart(2, "0")}`, {
          origin: { ...origin, tenantId: i % 2 ? "g2" : "g1", userId: i % 3 ? "u1" : "u2" },
        }),
      );
    }
    const all = await ledger.list();
    expect(all).toHaveLength(20);
    expect(all[0]?.id).toBe("j24");
    expect(all[19]?.id).toBe("j05");
    expect((await ledger.list({ limit: 3 })).map((e) => e.id)).toEqual(["j24", "j23", "j22"]);
    const g2 = await ledger.list({ tenantId: "g2", limit: 100 });
    expect(g2).toHaveLength(12);
    expect(g2.every((e) => e.origin.tenantId === "g2")).toBe(true);
    const u2 = await ledger.list({ userId: "u2", limit: 100 });
    expect(u2.map((e) => e.id)).toEqual(["j24", "j21", "j18", "j15", "j12", "j09", "j06", "j03", "j00"]);
    expect((await ledger.list({ tenantId: "g1", userId: "u2", limit: 100 })).map((e) => e.id)).toEqual([
      "j24",
      "j18",
      "j12",
      "j06",
      "j00",
    ]);
  });

  it("skips a damaged record instead of failing the whole list", async () => {
    const store = await storeOf();
    const ledger = new Ledger(store);
    await ledger.create(job("good"));
    await store.set("ledger:bad", "{");
    await store.set("policy:good", "{}");
    expect((await ledger.list()).map((e) => e.id)).toEqual(["good"]);
  });

  it("unfinished: every job a restarted queue must pick up, none that ended", async () => {
    const store = await storeOf();
    const ledger = new Ledger(store);
    for (const id of ["q", "s", "d", "f", "c", "a", "dl"]) await ledger.create(job(id));
    await ledger.transition("s", ["queued"], "submitted");
    await ledger.transition("d", ["queued"], "delivering");
    await ledger.transition("f", ["queued"], "failed");
    await ledger.transition("c", ["queued"], "cancelled");
    await ledger.transition("a", ["queued"], "ambiguous");
    await ledger.transition("dl", ["queued"], "delivered");
    expect((await ledger.unfinished()).map((e) => e.id).sort()).toEqual(["d", "q", "s"]);
  });

  it("unfinished finds more than the 20 a listing shows", async () => {
    const store = await storeOf();
    const ledger = new Ledger(store);
    for (let i = 0; i < 30; i++) await ledger.create(job(`k${i}`));
    expect(await ledger.unfinished()).toHaveLength(30);
  });
});
