import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import {
  adjust,
  checkBudget,
  reserve,
  reserveWithinBudget,
  spentToday,
  tenantSpendKey,
  userSpendKey,
} from "../../src/core/policy/index.js";
import type { StateStore } from "../../src/core/store/index.js";
import { type OpenedStore, openEmbedded, openRedis, rejects } from "./helpers.js";

/**
 * A budget check on both stores: it reads only the counters of the caps that are set (one round
 * trip per cap on every paid command), a cap is never passed, and a refund lands on the
 * reservation's day even after midnight.
 */
const guild: Tenant = { platform: "discord", id: "903" };
const NOON = () => Date.parse("2025-03-10T12:00:00Z");
const NEXT_DAY = () => Date.parse("2025-03-11T00:30:00Z");

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

describe.each([
  ["embedded", openEmbedded],
  ["redis", openRedis],
])("budgets on the %s store", (_, open) => {
  async function storeOf(): Promise<{ store: StateStore; reads: string[] }> {
    const o = await open();
    opened.push(o);
    const reads: string[] = [];
    const store: StateStore = Object.assign(Object.create(o.store), {
      get: (key: string) => {
        reads.push(key);
        return o.store.get(key);
      },
    });
    return { store, reads };
  }

  it("a check reads only the counters of the caps that are set", async () => {
    const { store, reads } = await storeOf();
    await reserve(store, guild, "u1", 0.4, NOON);
    const server = tenantSpendKey(guild, "2025-03-10");
    const member = userSpendKey(guild, "u1", "2025-03-10");
    await checkBudget(store, {}, guild, "u1", 5, NOON);
    expect(reads).toEqual([]);
    await checkBudget(store, { userDailyCapUsd: 1 }, guild, "u1", 0.5, NOON);
    expect(reads).toEqual([member]);
    reads.length = 0;
    await checkBudget(store, { tenantDailyCapUsd: 1 }, guild, "u1", 0.5, NOON);
    expect(reads).toEqual([server]);
    reads.length = 0;
    await checkBudget(store, { tenantDailyCapUsd: 1, userDailyCapUsd: 1 }, guild, "u1", 0.6, NOON);
    expect(reads).toEqual([server, member]);
  });

  it("racing reservations never pass the server cap together; the loser's amount is taken back", async () => {
    const { store } = await storeOf();
    const policy = { tenantDailyCapUsd: 1, userDailyCapUsd: 0.75 };
    const results = await Promise.allSettled(
      ["a", "b", "c", "d"].map((u) => reserveWithinBudget(store, policy, guild, u, 0.3, NOON)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await spentToday(store, guild, undefined, NOON)).toBe(0.9);
    // The member cap: 0.3 + 0.3 fits 0.75, a third does not.
    await reserveWithinBudget(store, { userDailyCapUsd: 0.75 }, guild, "e", 0.3, NOON);
    await reserveWithinBudget(store, { userDailyCapUsd: 0.75 }, guild, "e", 0.3, NOON);
    const err = await rejects(
      reserveWithinBudget(store, { userDailyCapUsd: 0.75 }, guild, "e", 0.3, NOON),
      "budget_exceeded",
    );
    expect(err.details).toMatchObject({ cap: "user", spentUsd: 0.6, capUsd: 0.75 });
    expect(await spentToday(store, guild, "e", NOON)).toBe(0.6);
  });

  it("a refund after midnight lands on the reservation's day, not today", async () => {
    const { store } = await storeOf();
    const r = await reserveWithinBudget(store, { tenantDailyCapUsd: 2 }, guild, "u1", 0.5, NOON);
    await reserve(store, guild, "u1", 0.2, NEXT_DAY);
    await adjust(store, guild, "u1", -0.5, r.day);
    expect(await spentToday(store, guild, undefined, NOON)).toBe(0);
    expect(await spentToday(store, guild, "u1", NOON)).toBe(0);
    expect(await spentToday(store, guild, undefined, NEXT_DAY)).toBe(0.2);
    expect(await spentToday(store, guild, "u1", NEXT_DAY)).toBe(0.2);
  });
});
