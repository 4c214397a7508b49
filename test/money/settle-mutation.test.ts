import { afterEach, describe, expect, it } from "vitest";
import { settleJobSpend } from "../../src/core/chat/settle.js";
import type { Tenant } from "../../src/core/credentials/provider.js";
import { acquireJobSlot, activeJobs, reserve, spentToday } from "../../src/core/policy/index.js";
import type { LedgerEntry } from "../../src/jobs/ledger.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/** How a finished chat job settles the day's spend and frees the member's job slot. */
const guild: Tenant = { platform: "discord", id: "g7" };
const workspace: Tenant = { platform: "slack", id: "T7" };
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

async function withReservation(tenant: Tenant = guild, amount = 0.04) {
  const o = await openEmbedded();
  opened.push(o);
  const r = await reserve(o.store, tenant, "u1", amount);
  await acquireJobSlot(o.store, { maxConcurrentJobsPerUser: 3 }, tenant, "u1", "job-1");
  return { store: o.store, day: r.day };
}

function entry(tenant: Tenant, day: string, o: Partial<LedgerEntry> = {}, reservedUsd = 0.04): LedgerEntry {
  return {
    id: "job-1",
    kind: "ondemand",
    state: "delivered",
    title: "Image",
    origin: { platform: tenant.platform as "discord", tenantId: tenant.id, userId: "u1" },
    data: { reservedUsd, reservedDay: day },
    createdAt: 0,
    updatedAt: 0,
    ...o,
  };
}

const spent = (store: OpenedStore["store"], tenant = guild) =>
  Promise.all([spentToday(store, tenant), spentToday(store, tenant, "u1")]);

describe("settleJobSpend", () => {
  it("a delivered job with Theta's cost is trued up to that cost, on both totals, and frees its slot", async () => {
    const { store, day } = await withReservation();
    await settleJobSpend(
      store,
      entry(guild, day, { upstreamId: "r1", cost: { amount: 0.025, currency: "USD", source: "theta" } }),
    );
    expect(await spent(store)).toEqual([0.025, 0.025]);
    expect(await activeJobs(store, guild, "u1")).toEqual([]);
  });

  it("a job Theta costed above the quote is charged what it cost", async () => {
    const { store, day } = await withReservation(workspace);
    await settleJobSpend(
      store,
      entry(workspace, day, { upstreamId: "r1", cost: { amount: 0.05, currency: "USD", source: "theta" } }),
    );
    expect(await spent(store, workspace)).toEqual([0.05, 0.05]);
    expect(await activeJobs(store, workspace, "u1")).toEqual([]);
  });

  it("without a dollar cost the reservation stands", async () => {
    const { store, day } = await withReservation();
    await settleJobSpend(store, entry(guild, day, { upstreamId: "r1" }));
    await settleJobSpend(
      store,
      entry(guild, day, { upstreamId: "r1", cost: { amount: 7, currency: "units", source: "theta" } }),
    );
    expect(await spent(store)).toEqual([0.04, 0.04]);
  });

  it("a job that failed or was cancelled before reaching Theta is refunded in full", async () => {
    for (const state of ["failed", "cancelled"] as const) {
      const { store, day } = await withReservation();
      await settleJobSpend(store, entry(guild, day, { state }));
      expect(await spent(store)).toEqual([0, 0]);
      expect(await activeJobs(store, guild, "u1")).toEqual([]);
    }
  });

  it("a job that reached Theta and then failed, or ended ambiguous, keeps its reservation", async () => {
    const { store, day } = await withReservation();
    await settleJobSpend(store, entry(guild, day, { state: "failed", upstreamId: "r1" }));
    await settleJobSpend(store, entry(guild, day, { state: "ambiguous" }));
    expect(await spent(store)).toEqual([0.04, 0.04]);
  });

  it("a job with nothing reserved only frees its slot", async () => {
    const { store, day } = await withReservation();
    await settleJobSpend(store, entry(guild, day, { state: "failed" }, 0));
    await settleJobSpend(store, { ...entry(guild, day, { state: "failed" }), data: { reservedUsd: 0.04 } });
    await settleJobSpend(store, { ...entry(guild, day, { state: "failed" }), data: undefined });
    expect(await spent(store)).toEqual([0.04, 0.04]);
    expect(await activeJobs(store, guild, "u1")).toEqual([]);
  });

  it("a job whose price was unknown reserved nothing, but the cost Theta reports still counts", async () => {
    const { store, day } = await withReservation();
    const cost = { amount: 0.03, currency: "USD" as const, source: "theta" };
    await settleJobSpend(store, entry(guild, day, { upstreamId: "infr_1", cost }, 0));
    expect(await spent(store)).toEqual([0.07, 0.07]);
    // No cost reported: nothing is known to count.
    await settleJobSpend(store, entry(guild, day, { upstreamId: "infr_2" }, 0));
    expect(await spent(store)).toEqual([0.07, 0.07]);
  });

  it("jobs from the CLI or tests have no chat budget to settle", async () => {
    const { store, day } = await withReservation();
    await settleJobSpend(store, {
      ...entry(guild, day, { state: "failed" }),
      origin: { platform: "cli", tenantId: "g7", userId: "u1" },
    });
    expect(await spent(store)).toEqual([0.04, 0.04]);
    expect(await activeJobs(store, guild, "u1")).toEqual(["job-1"]);
  });
});
