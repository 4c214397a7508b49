import { afterEach, describe, expect, it } from "vitest";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import type { StateStore } from "../../src/core/store/index.js";
import { Ledger } from "../../src/jobs/ledger.js";
import { type OpenedStore, openEmbedded, openRedis } from "../policy/helpers.js";

/**
 * Job lists as `theta-bot jobs` and the chat /jobs commands show them, on both stores: the right
 * jobs, newest first, across index pages and tenants, at the cost of one index read per page.
 */
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

/** The store, and the calls the ledger made to it (operation and key). */
function counted(inner: StateStore): { store: StateStore; calls: { op: string; key: string }[] } {
  const calls: { op: string; key: string }[] = [];
  const wrap =
    (op: "get" | "zrange") =>
    (...args: unknown[]) => {
      calls.push({ op, key: String(args[0]) });
      return (inner[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  const store: StateStore = Object.assign(Object.create(inner), { get: wrap("get"), zrange: wrap("zrange") });
  return { store, calls };
}

const origin = (tenantId: string, userId: string): JobOrigin => ({ platform: "discord", tenantId, userId });
const job = (id: string, o: JobOrigin) => ({ id, kind: "ondemand" as const, title: id, origin: o, data: {} });
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);
const name = (i: number) => `j${String(i).padStart(3, "0")}`;

describe.each([
  ["embedded", openEmbedded],
  ["redis", openRedis],
])("job lists on the %s store", (_, open) => {
  async function ledgerOn() {
    const o = await open();
    opened.push(o);
    const { store, calls } = counted(o.store);
    let t = 1_764_547_200_000;
    return { ledger: new Ledger(store, () => t++), store: o.store, calls };
  }

  it("a member's older jobs beyond the first index page are listed too, newest first", async () => {
    const { ledger } = await ledgerOn();
    // 60 jobs in the server; "rare" started the two oldest and the newest.
    for (let i = 0; i < 60; i++) {
      await ledger.create(job(name(i), origin("g1", i < 2 || i === 59 ? "rare" : "busy")));
    }
    expect(ids(await ledger.list({ userId: "rare", limit: 3 }))).toEqual(["j059", "j001", "j000"]);
    expect(ids(await ledger.list({ userId: "rare", limit: 10 }))).toEqual(["j059", "j001", "j000"]);
    expect(ids(await ledger.list({ userId: "busy", limit: 2 }))).toEqual(["j058", "j057"]);
  });

  it("`theta-bot jobs` (50 of 120) reads one index page and only the 50 records it shows", async () => {
    const { ledger, calls } = await ledgerOn();
    for (let i = 0; i < 120; i++) await ledger.create(job(name(i), origin(`g${i % 2}`, "u")));
    await ledger.list({ limit: 1 }); // the one-time index check
    calls.length = 0;
    const shown = await ledger.list({ limit: 50 });
    expect(shown).toHaveLength(50);
    expect(shown[0]?.id).toBe("j119");
    expect(shown[49]?.id).toBe("j070");
    expect(calls.filter((c) => c.op === "zrange")).toHaveLength(1);
    expect(calls.filter((c) => c.op === "get")).toHaveLength(50);
  });

  it("a /jobs list of 20 skips records that expired and still needs one index read", async () => {
    const { ledger, store, calls } = await ledgerOn();
    for (let i = 0; i < 40; i++) await ledger.create(job(name(i), origin("g1", "u1")));
    // The 15 newest records are gone (their index entries wait for the next trim).
    for (let i = 25; i < 40; i++) await store.delete(`ledger:${name(i)}`);
    await ledger.list({ limit: 1 });
    calls.length = 0;
    const shown = await ledger.list({ tenantId: "g1", limit: 20 });
    expect(ids(shown)).toEqual(Array.from({ length: 20 }, (_, k) => name(24 - k)));
    expect(calls.filter((c) => c.op === "zrange")).toHaveLength(1);
  });

  it("a server's and a member's lists read only their own records, never another server's", async () => {
    const { ledger, calls } = await ledgerOn();
    await ledger.create(job("mine-1", origin("g1", "ann")));
    await ledger.create(job("team-1", origin("g1", "bob")));
    await ledger.create(job("mine-2", origin("g1", "ann")));
    for (let i = 0; i < 60; i++) await ledger.create(job(`other-${i}`, origin("g2", "ann")));
    for (let i = 0; i < 60; i++) await ledger.create(job(`team-${i + 2}`, origin("g1", "bob")));
    await ledger.list({ limit: 1 });
    calls.length = 0;
    expect(ids(await ledger.list({ tenantId: "g1", userId: "ann" }))).toEqual(["mine-2", "mine-1"]);
    expect(calls.filter((c) => c.op === "get").map((c) => c.key)).toEqual(["ledger:mine-2", "ledger:mine-1"]);
    calls.length = 0;
    const server = await ledger.list({ tenantId: "g1", limit: 100 });
    expect(server).toHaveLength(63);
    expect(server.every((e) => e.origin.tenantId === "g1")).toBe(true);
    expect(calls.filter((c) => c.op === "get" && c.key.startsWith("ledger:other-"))).toEqual([]);
  });

  it("ids with ':' never mix two servers' members in one list", async () => {
    const { ledger } = await ledgerOn();
    await ledger.create(job("theirs", origin("a:b", "u")));
    await ledger.create(job("mine", origin("a", "b:u")));
    expect(ids(await ledger.list({ tenantId: "a", userId: "b:u" }))).toEqual(["mine"]);
    expect(ids(await ledger.list({ tenantId: "a:b", userId: "u" }))).toEqual(["theirs"]);
  });
});
