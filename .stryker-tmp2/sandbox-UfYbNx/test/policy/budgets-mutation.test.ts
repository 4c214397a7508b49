// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import {
  adjust,
  checkBudget,
  formatUsd,
  nextUtcMidnight,
  reserve,
  reserveWithinBudget,
  SPEND_TTL_MS,
  spentToday,
  tenantSpendKey,
  userSpendKey,
  utcDay,
} from "../../src/core/policy/index.js";
import { type OpenedStore, openEmbedded, rejects } from "./helpers.js";

/** The daily caps as a member meets them: the counter values, and the refusal they read. */
const guild: Tenant = { platform: "discord", id: "902" };
const workspace: Tenant = { platform: "slack", id: "T902" };
const at = (iso: string) => () => Date.parse(iso);
const NOON = at("2025-03-10T12:00:00Z");

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function store() {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}

describe("days and amounts", () => {
  it("the UTC day and the next UTC midnight, across month and year ends", () => {
    expect(utcDay(Date.parse("2025-03-10T23:59:59.999Z"))).toBe("2025-03-10");
    expect(utcDay(Date.parse("2025-03-11T00:00:00Z"))).toBe("2025-03-11");
    expect(nextUtcMidnight(Date.parse("2025-03-10T12:00:00Z"))).toBe(Date.parse("2025-03-11T00:00:00Z"));
    expect(nextUtcMidnight(Date.parse("2025-03-11T00:00:00Z"))).toBe(Date.parse("2025-03-12T00:00:00Z"));
    expect(nextUtcMidnight(Date.parse("2025-12-31T22:00:00Z"))).toBe(Date.parse("2026-01-01T00:00:00Z"));
  });

  it("formats cents, and up to 4 decimals below a cent", () => {
    expect(formatUsd(0.3)).toBe("$0.30");
    expect(formatUsd(1)).toBe("$1.00");
    expect(formatUsd(12.5)).toBe("$12.50");
    expect(formatUsd(0.0035)).toBe("$0.0035");
    expect(formatUsd(0.001)).toBe("$0.001");
    expect(formatUsd(0.1 + 0.2)).toBe("$0.30");
    expect(formatUsd(0)).toBe("$0.00");
  });

  it("refuses amounts that are not a non-negative number of dollars, before touching a counter", async () => {
    const s = await store();
    for (const bad of [-0.01, Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
      const err = await rejects(checkBudget(s, {}, guild, "u1", bad), "invalid_amount", "usage");
      expect(err.message).toBe("The amount must be a non-negative number of US dollars.");
      await rejects(reserve(s, guild, "u1", bad), "invalid_amount");
      await rejects(reserveWithinBudget(s, { tenantDailyCapUsd: 5 }, guild, "u1", bad), "invalid_amount");
    }
    expect(await s.keys("spend:")).toEqual([]);
    await checkBudget(s, { tenantDailyCapUsd: 0 }, guild, "u1", 0);
  });

  it("adjust refuses a non-finite delta or a malformed day, and changes nothing", async () => {
    const s = await store();
    for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY, "0.1" as unknown as number]) {
      const err = await rejects(adjust(s, guild, "u1", bad, "2025-03-10"), "invalid_amount", "usage");
      expect(err.message).toBe("The adjustment must be a finite number of US dollars.");
    }
    for (const day of ["2025-3-10", "2025-13-45", "x2025-03-10", "2025-03-10x"]) {
      const err = await rejects(adjust(s, guild, "u1", -0.1, day), "invalid_day", "usage");
      expect(err.message).toBe(`"${day}" is not a UTC day (YYYY-MM-DD).`);
    }
    expect(await s.keys("spend:")).toEqual([]);
  });
});

describe("spend counters", () => {
  it("today's spend of the server and of one member; a damaged or negative counter reads 0", async () => {
    const s = await store();
    await reserve(s, guild, "u1", 0.25, NOON);
    await reserve(s, guild, "u2", 0.5, NOON);
    expect(await spentToday(s, guild, undefined, NOON)).toBe(0.75);
    expect(await spentToday(s, guild, "u1", NOON)).toBe(0.25);
    await s.set(tenantSpendKey(guild, "2025-03-10"), "lots");
    expect(await spentToday(s, guild, undefined, NOON)).toBe(0);
    await s.set(userSpendKey(guild, "u1", "2025-03-10"), "-3");
    expect(await spentToday(s, guild, "u1", NOON)).toBe(0);
  });

  it("a reservation counts on both totals, reports them, and keeps the counters 3 days", async () => {
    const s = await store();
    await reserve(s, guild, "u2", 0.1, NOON);
    const r = await reserve(s, guild, "u1", 0.2, NOON);
    expect(r).toEqual({ day: "2025-03-10", amountUsd: 0.2, tenantSpentUsd: 0.3, userSpentUsd: 0.2 });
    for (const key of [tenantSpendKey(guild, "2025-03-10"), userSpendKey(guild, "u1", "2025-03-10")]) {
      const ttl = await s.ttlMs(key);
      expect(ttl).toBeGreaterThan(SPEND_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(SPEND_TTL_MS);
    }
    expect(SPEND_TTL_MS).toBe(3 * 24 * 3600 * 1000);
    const adjusted = await adjust(s, guild, "u1", -0.05, r.day);
    expect(adjusted).toEqual({ tenantSpentUsd: 0.25, userSpentUsd: 0.15 });
  });
});

describe("checkBudget", () => {
  it("no caps: anything goes; a cap reached exactly is allowed", async () => {
    const s = await store();
    await reserve(s, guild, "u1", 100, NOON);
    await checkBudget(s, {}, guild, "u1", 1000, NOON);
    await checkBudget(s, { tenantDailyCapUsd: 101, userDailyCapUsd: 101 }, guild, "u1", 1, NOON);
  });

  it("the server cap is checked first and named as the server's (workspace on Slack)", async () => {
    const s = await store();
    await reserve(s, guild, "u1", 0.5, NOON);
    const both = { tenantDailyCapUsd: 0.5, userDailyCapUsd: 0.5 };
    const err = await rejects(checkBudget(s, both, guild, "u1", 0.25, NOON), "budget_exceeded", "usage");
    expect(err.message).toBe(
      "This server's daily Theta budget would be exceeded: $0.50 spent today of the $0.50 cap, and this costs $0.25. It resets at 00:00 UTC (in 12 h 0 min).",
    );
    expect(err.details).toEqual({
      cap: "tenant",
      spentUsd: 0.5,
      capUsd: 0.5,
      amountUsd: 0.25,
      resetsAt: "2025-03-11T00:00:00.000Z",
    });
    await reserve(s, workspace, "u1", 0.5, NOON);
    const slack = await rejects(checkBudget(s, both, workspace, "u1", 0.25, NOON), "budget_exceeded");
    expect(slack.message.startsWith("This workspace's daily Theta budget would be exceeded")).toBe(true);
  });

  it("the member's cap counts only their own spend", async () => {
    const s = await store();
    await reserve(s, guild, "u2", 0.9, NOON);
    const policy = { userDailyCapUsd: 0.5 };
    await checkBudget(s, policy, guild, "u1", 0.5, NOON);
    await reserve(s, guild, "u1", 0.4, NOON);
    const err = await rejects(checkBudget(s, policy, guild, "u1", 0.2, NOON), "budget_exceeded");
    expect(err.message).toBe(
      "Your daily Theta budget would be exceeded: $0.40 spent today of the $0.50 cap, and this costs $0.20. It resets at 00:00 UTC (in 12 h 0 min).",
    );
    expect(err.details).toMatchObject({ cap: "user", spentUsd: 0.4, capUsd: 0.5 });
  });

  it("says when the cap resets: hours and minutes, minutes alone, never 0 min", async () => {
    const s = await store();
    await reserve(s, guild, "u1", 1, at("2025-03-10T22:59:30Z"));
    const cap = { userDailyCapUsd: 1 };
    const text = async (iso: string) =>
      (await rejects(checkBudget(s, cap, guild, "u1", 1, at(iso)), "budget_exceeded")).message;
    expect(await text("2025-03-10T22:59:30Z")).toContain("(in 1 h 1 min)");
    expect(await text("2025-03-10T23:00:00Z")).toContain("(in 1 h 0 min)");
    expect(await text("2025-03-10T23:01:00Z")).toContain("(in 59 min)");
    expect(await text("2025-03-10T23:59:59.500Z")).toContain("(in 1 min)");
  });
});

describe("reserveWithinBudget", () => {
  it("over the server cap: takes its reservation back from both totals and says what was spent before it", async () => {
    const s = await store();
    const policy = { tenantDailyCapUsd: 0.015 };
    await reserveWithinBudget(s, policy, guild, "u1", 0.01, NOON);
    const err = await rejects(
      reserveWithinBudget(s, policy, guild, "u2", 0.01, NOON),
      "budget_exceeded",
      "usage",
    );
    expect(err.message).toBe(
      "This server's daily Theta budget would be exceeded: $0.01 spent today of the $0.015 cap, and this costs $0.01. It resets at 00:00 UTC (in 12 h 0 min).",
    );
    expect(err.details).toMatchObject({ cap: "tenant", spentUsd: 0.01, capUsd: 0.015, amountUsd: 0.01 });
    expect(await spentToday(s, guild, undefined, NOON)).toBe(0.01);
    expect(await spentToday(s, guild, "u2", NOON)).toBe(0);
    expect(await spentToday(s, guild, "u1", NOON)).toBe(0.01);
  });

  it("over the member's cap: refused as the member's, both totals restored", async () => {
    const s = await store();
    const policy = { tenantDailyCapUsd: 10, userDailyCapUsd: 0.5 };
    await reserveWithinBudget(s, policy, guild, "u1", 0.4, NOON);
    const err = await rejects(reserveWithinBudget(s, policy, guild, "u1", 0.2, NOON), "budget_exceeded");
    expect(err.message).toBe(
      "Your daily Theta budget would be exceeded: $0.40 spent today of the $0.50 cap, and this costs $0.20. It resets at 00:00 UTC (in 12 h 0 min).",
    );
    expect(err.details).toMatchObject({ cap: "user", spentUsd: 0.4, capUsd: 0.5, amountUsd: 0.2 });
    expect(await spentToday(s, guild, undefined, NOON)).toBe(0.4);
    expect(await spentToday(s, guild, "u1", NOON)).toBe(0.4);
  });

  it("reaching a cap exactly is allowed and returns the day's totals", async () => {
    const s = await store();
    const policy = { tenantDailyCapUsd: 0.3, userDailyCapUsd: 0.3 };
    await reserveWithinBudget(s, policy, guild, "u1", 0.1, NOON);
    expect(await reserveWithinBudget(s, policy, guild, "u1", 0.2, NOON)).toEqual({
      day: "2025-03-10",
      amountUsd: 0.2,
      tenantSpentUsd: 0.3,
      userSpentUsd: 0.3,
    });
  });

  it("the reservation and its refund land on the day the clock read once, even if it moves on", async () => {
    const s = await store();
    let t = Date.parse("2025-03-10T23:59:59.999Z");
    const clock = () => {
      const v = t;
      t += 10;
      return v;
    };
    await reserve(s, guild, "u1", 0.5, () => Date.parse("2025-03-10T10:00:00Z"));
    await rejects(
      reserveWithinBudget(s, { tenantDailyCapUsd: 0.6 }, guild, "u1", 0.2, clock),
      "budget_exceeded",
    );
    expect(await spentToday(s, guild, undefined, at("2025-03-10T23:00:00Z"))).toBe(0.5);
    expect(await spentToday(s, guild, undefined, at("2025-03-11T01:00:00Z"))).toBe(0);
  });
});
