import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import type { BotError } from "../../src/core/errors.js";
import {
  acquireJobSlot,
  activeJobs,
  getPolicy,
  needsConfirmation,
  TenantCredentialProvider,
  TenantCredentialStore,
  updatePolicy,
} from "../../src/core/policy/index.js";
import { config, newKey, type OpenedStore, openEmbedded, openRedis } from "./helpers.js";

/** Guards a member meets on the way to spending: confirmation, policy edits, job slots, whose keys pay. */
const guild: Tenant = { platform: "discord", id: "120000000000000001" };
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function storeOf() {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}
async function redisOf() {
  const o = await openRedis();
  opened.push(o);
  return o.store;
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e as BotError,
  );

describe("needsConfirmation", () => {
  it("a price that is unknown, not a number or negative is always confirmed, whatever the threshold", () => {
    for (const usd of [undefined, Number.NaN, Number.POSITIVE_INFINITY, -0.01]) {
      expect(needsConfirmation({ confirmThresholdUsd: 5 }, usd)).toBe(true);
    }
    expect(needsConfirmation({ confirmThresholdUsd: 5 }, 0.01)).toBe(false);
    expect(needsConfirmation({ confirmThresholdUsd: 5 }, 0)).toBe(false);
    expect(needsConfirmation({ confirmThresholdUsd: 0 }, 0.01)).toBe(true);
    expect(needsConfirmation({ confirmThresholdUsd: 0.01 }, 0.01)).toBe(false);
    expect(needsConfirmation({ confirmThresholdUsd: 0.01 }, 0.010001)).toBe(true);
  });
});

describe("policy edits", () => {
  it("setting a cap to null removes it; other settings stay", async () => {
    const store = await storeOf();
    await updatePolicy(store, guild, { userDailyCapUsd: 1, tenantDailyCapUsd: 5 });
    await updatePolicy(store, guild, { userDailyCapUsd: null });
    const p = await getPolicy(store, guild);
    expect(p.userDailyCapUsd).toBeUndefined();
    expect(p.tenantDailyCapUsd).toBe(5);
  });

  it("a bad change names the field and the problem; an unknown key is named as such", async () => {
    const store = await storeOf();
    const unknown = await refusal(updatePolicy(store, guild, { spendLimit: 3 } as never));
    expect(unknown.code).toBe("invalid_policy");
    expect(unknown.message).toBe('The policy change is not valid: Unrecognized key: "spendLimit".');
    // A message that already names its field is not prefixed again; one that does not gets the field.
    const negative = await refusal(updatePolicy(store, guild, { userDailyCapUsd: -1 }));
    expect(negative.message).toBe("The policy change is not valid: userDailyCapUsd cannot be negative.");
    const wrongType = await refusal(updatePolicy(store, guild, { spenderRoleIds: [5] } as never));
    expect(wrongType.message).toBe(
      "The policy change is not valid: spenderRoleIds.0: Invalid input: expected string, received number.",
    );
    expect(wrongType.details?.problems).toEqual([
      "spenderRoleIds.0: Invalid input: expected string, received number",
    ]);
  });
});

describe.each([
  ["embedded", storeOf],
  ["redis", redisOf],
])("job slots (%s store)", (_name, open) => {
  it("taking a slot never frees the slots of the member's other running jobs", async () => {
    const store = await open();
    const policy = { maxConcurrentJobsPerUser: 2 };
    expect(await acquireJobSlot(store, policy, guild, "u1", "job-a")).toBe(true);
    expect(await acquireJobSlot(store, policy, guild, "u1", "job-b")).toBe(true);
    expect((await activeJobs(store, guild, "u1")).sort()).toEqual(["job-a", "job-b"]);
    const err = await refusal(acquireJobSlot(store, policy, guild, "u1", "job-c"));
    expect(err.code).toBe("too_many_jobs");
    expect((await activeJobs(store, guild, "u1")).sort()).toEqual(["job-a", "job-b"]);
  });
});

describe("whose credentials", () => {
  it("an admin is told of the operator's credentials only when the operator has some", async () => {
    const store = await storeOf();
    const creds = new TenantCredentialStore(store, newKey());
    const withEnv = new TenantCredentialProvider(
      config({ THETA_ONDEMAND_API_TOKEN: "operator-token-1234" }),
      creds,
    );
    const withoutEnv = new TenantCredentialProvider(config({ THETA_ONDEMAND_API_TOKEN: undefined }), creds);
    const a = await refusal(withEnv.resolve(guild, "ondemand"));
    expect(a.code).toBe("missing_credentials");
    expect(a.details?.operatorHint).toMatch(/THETA_SHARED_CREDENTIALS=allow/);
    const b = await refusal(withoutEnv.resolve(guild, "ondemand"));
    expect(b.code).toBe("missing_credentials");
    expect(b.details?.operatorHint).toBeUndefined();
  });
});
