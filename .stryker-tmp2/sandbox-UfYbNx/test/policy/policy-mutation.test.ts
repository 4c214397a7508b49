// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import { getPolicy, needsConfirmation, type PolicyPatch, updatePolicy } from "../../src/core/policy/index.js";
import type { StateStore } from "../../src/core/store/index.js";
import { type OpenedStore, openEmbedded, rejects } from "./helpers.js";

/** What an admin reads when a policy change is refused, and what a change does to the caps. */
const guild: Tenant = { platform: "discord", id: "556" };
const workspace: Tenant = { platform: "slack", id: "T556" };

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function store() {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}

describe("policy changes", () => {
  it("lists every problem in one sentence, each prefixed with its field unless the text already names it", async () => {
    const s = await store();
    const err = await rejects(
      updatePolicy(s, guild, {
        userDailyCapUsd: -1,
        spenderRoleIds: ["ok", "x".repeat(65)],
        dailyCap: 3,
      } as unknown as PolicyPatch),
      "invalid_policy",
      "usage",
    );
    const problems = (err.details as { problems: string[] }).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toContain("userDailyCapUsd cannot be negative");
    expect(problems).toContain('Unrecognized key: "dailyCap"');
    const roleProblem = problems.find((p) => p.startsWith("spenderRoleIds.1: "));
    expect(roleProblem).toMatch(/^spenderRoleIds\.1: Too big/);
    expect(err.message).toBe(`The policy change is not valid: ${problems.join("; ")}.`);
  });

  it("a field left undefined in a change keeps its stored value; null lifts it", async () => {
    const s = await store();
    await updatePolicy(s, guild, { confirmThresholdUsd: 1, userDailyCapUsd: 4 });
    const p = await updatePolicy(s, guild, { confirmThresholdUsd: undefined, tenantDailyCapUsd: 9 });
    expect(p.confirmThresholdUsd).toBe(1);
    expect(p.userDailyCapUsd).toBe(4);
    expect((await getPolicy(s, guild)).confirmThresholdUsd).toBe(1);
    const lifted = await updatePolicy(s, guild, { userDailyCapUsd: null });
    expect(lifted).toEqual({
      confirmThresholdUsd: 1,
      tenantDailyCapUsd: 9,
      maxConcurrentJobsPerUser: 3,
      spenderRoleIds: [],
      qaEnabled: true,
    });
  });

  it("a damaged or unreadable stored policy is refused with a message naming the place and the fix", async () => {
    const s = await store();
    await s.set("policy:discord:556", "{not json");
    const err = await rejects(getPolicy(s, guild), "policy_corrupt", "runtime");
    expect(err.message).toBe(
      "The stored policy of this server is damaged; an admin can reset it with /theta policy.",
    );
    await s.set("policy:slack:T556", '{"maxConcurrentJobsPerUser":0}');
    const slackErr = await rejects(getPolicy(s, workspace), "policy_corrupt");
    expect(slackErr.message).toBe(
      "The stored policy of this workspace is damaged; an admin can reset it with /theta policy.",
    );
    // A change cannot paper over it either.
    await rejects(updatePolicy(s, guild, { qaEnabled: false }), "policy_corrupt");
  });

  it("survives 19 concurrent changes in a row and asks to retry after the 20th", async () => {
    const inner = await store();
    let losses = 0;
    const s: StateStore = Object.assign(Object.create(inner), {
      compareAndSet: async (...args: Parameters<StateStore["compareAndSet"]>) => {
        if (losses > 0) {
          losses--;
          return false;
        }
        return inner.compareAndSet(...args);
      },
    });
    losses = 19;
    expect((await updatePolicy(s, guild, { userDailyCapUsd: 3 })).userDailyCapUsd).toBe(3);
    losses = 20;
    const err = await rejects(updatePolicy(s, guild, { userDailyCapUsd: 5 }), "policy_conflict", "runtime");
    expect(err.retriable).toBe(true);
    expect(err.message).toBe("The policy is being changed by someone else right now; try again.");
    expect((await getPolicy(inner, guild)).userDailyCapUsd).toBe(3);
  });
});

describe("needsConfirmation", () => {
  it("a free action under a threshold runs; a nonsense price always asks", () => {
    const p = { confirmThresholdUsd: 1 };
    expect(needsConfirmation(p, 0)).toBe(false);
    expect(needsConfirmation(p, 1)).toBe(false);
    expect(needsConfirmation(p, 1.0000001)).toBe(true);
    expect(needsConfirmation(p, -0.5)).toBe(true);
    expect(needsConfirmation(p, Number.NaN)).toBe(true);
    expect(needsConfirmation(p, Number.POSITIVE_INFINITY)).toBe(true);
  });
});
