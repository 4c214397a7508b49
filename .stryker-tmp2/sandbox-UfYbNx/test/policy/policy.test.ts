// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import { getPolicy, needsConfirmation, type PolicyPatch, updatePolicy } from "../../src/core/policy/index.js";
import { type OpenedStore, openEmbedded, rejects } from "./helpers.js";

const guild: Tenant = { platform: "discord", id: "555" };
const slack: Tenant = { platform: "slack", id: "555" };

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function store() {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}

describe("policy", () => {
  it("a server with no policy gets the defaults: always confirm, 3 jobs, everyone may spend, Q&A on, no caps", async () => {
    const s = await store();
    expect(await getPolicy(s, guild)).toEqual({
      confirmThresholdUsd: 0,
      maxConcurrentJobsPerUser: 3,
      spenderRoleIds: [],
      qaEnabled: true,
    });
  });

  it("updates merge into the stored policy, persist, and null lifts a cap", async () => {
    const s = await store();
    let p = await updatePolicy(s, guild, { tenantDailyCapUsd: 5, spenderRoleIds: ["r1", "r1", "r2"] });
    expect(p).toMatchObject({
      tenantDailyCapUsd: 5,
      spenderRoleIds: ["r1", "r2"],
      maxConcurrentJobsPerUser: 3,
    });
    p = await updatePolicy(s, guild, { userDailyCapUsd: 1.5, qaEnabled: false, supportChannelId: "C1" });
    expect(await getPolicy(s, guild)).toEqual({
      confirmThresholdUsd: 0,
      tenantDailyCapUsd: 5,
      userDailyCapUsd: 1.5,
      maxConcurrentJobsPerUser: 3,
      spenderRoleIds: ["r1", "r2"],
      qaEnabled: false,
      supportChannelId: "C1",
    });
    p = await updatePolicy(s, guild, { tenantDailyCapUsd: null });
    expect(p.tenantDailyCapUsd).toBeUndefined();
    expect((await getPolicy(s, guild)).tenantDailyCapUsd).toBeUndefined();
    // Another platform's tenant with the same id keeps its own (default) policy.
    expect((await getPolicy(s, slack)).qaEnabled).toBe(true);
  });

  it("rejects bad values with invalid_policy naming the field, and keeps the old policy", async () => {
    const s = await store();
    await updatePolicy(s, guild, { userDailyCapUsd: 2 });
    const cases: Array<[unknown, string]> = [
      [{ userDailyCapUsd: -1 }, "userDailyCapUsd cannot be negative"],
      [{ maxConcurrentJobsPerUser: 0 }, "maxConcurrentJobsPerUser must be at least 1"],
      [{ maxConcurrentJobsPerUser: 2.5 }, "maxConcurrentJobsPerUser must be a whole number"],
      [{ confirmThresholdUsd: "1" }, "confirmThresholdUsd must be a number"],
      [{ qaEnabled: "yes" }, "qaEnabled must be true or false"],
      [{ dailyCap: 3 }, "dailyCap"],
    ];
    for (const [patch, text] of cases) {
      const err = await rejects(updatePolicy(s, guild, patch as PolicyPatch), "invalid_policy", "usage");
      expect(err.message).toContain(text);
    }
    expect((await getPolicy(s, guild)).userDailyCapUsd).toBe(2);
  });

  it("a damaged stored policy is refused rather than silently lifting the caps", async () => {
    const s = await store();
    await s.set("policy:discord:555", '{"tenantDailyCapUsd":"lots"}');
    await rejects(getPolicy(s, guild), "policy_corrupt");
  });

  it("concurrent admin changes to different fields both land", async () => {
    const s = await store();
    await Promise.all([
      updatePolicy(s, guild, { tenantDailyCapUsd: 10 }),
      updatePolicy(s, guild, { userDailyCapUsd: 1 }),
      updatePolicy(s, guild, { maxConcurrentJobsPerUser: 5 }),
    ]);
    expect(await getPolicy(s, guild)).toMatchObject({
      tenantDailyCapUsd: 10,
      userDailyCapUsd: 1,
      maxConcurrentJobsPerUser: 5,
    });
  });

  it("confirmation: 0 always asks, unknown prices always ask, quotes at or below the threshold run", () => {
    expect(needsConfirmation({ confirmThresholdUsd: 0 }, 0.01)).toBe(true);
    expect(needsConfirmation({ confirmThresholdUsd: 0 }, 0)).toBe(true);
    expect(needsConfirmation({ confirmThresholdUsd: 1 }, undefined)).toBe(true);
    expect(needsConfirmation({ confirmThresholdUsd: 0.3 }, 0.1 + 0.2)).toBe(false);
    expect(needsConfirmation({ confirmThresholdUsd: 0.3 }, 0.31)).toBe(true);
  });
});
