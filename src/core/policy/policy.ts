/**
 * Per-tenant policy, stored as JSON under `policy:<platform>:<tenantId>`: confirmation threshold,
 * daily caps, concurrency, who may spend, and the Q&A bot's switches. Missing fields take defaults.
 */
import { z } from "zod";
import type { Tenant } from "../credentials/provider.js";
import { BotError, usageError } from "../errors.js";
import type { StateStore } from "../store/state-store.js";
import { tenantKey } from "./keys.js";

const usd = (field: string) =>
  z
    .number({ error: `${field} must be a number of US dollars` })
    .finite({ error: `${field} must be a finite number` })
    .min(0, { error: `${field} cannot be negative` })
    .max(1_000_000, { error: `${field} must be at most 1000000` });

const id = z.string().trim().min(1).max(64);

const fields = {
  /** Paid actions quoted at or below this run without asking; 0 = always ask; unknown prices always ask. */
  confirmThresholdUsd: usd("confirmThresholdUsd"),
  /** The whole server/workspace's daily spend cap (UTC day); unset = no cap. */
  tenantDailyCapUsd: usd("tenantDailyCapUsd"),
  /** Each user's daily spend cap (UTC day); unset = no cap. */
  userDailyCapUsd: usd("userDailyCapUsd"),
  maxConcurrentJobsPerUser: z
    .number({ error: "maxConcurrentJobsPerUser must be a whole number" })
    .int({ error: "maxConcurrentJobsPerUser must be a whole number" })
    .min(1, { error: "maxConcurrentJobsPerUser must be at least 1" })
    .max(100, { error: "maxConcurrentJobsPerUser must be at most 100" }),
  /** Roles allowed to spend; empty = everyone may. Admins always may. */
  spenderRoleIds: z
    .array(id, { error: "spenderRoleIds must be a list of role ids" })
    .max(100, { error: "spenderRoleIds can hold at most 100 roles" })
    .transform((ids) => [...new Set(ids)]),
  qaEnabled: z.boolean({ error: "qaEnabled must be true or false" }),
  qaDailyCapUsd: usd("qaDailyCapUsd"),
  supportChannelId: id,
  /** A GPU Node running longer than this many hours gets a reminder (and is stopped with gpuAutoStop). */
  gpuMaxHours: z
    .number({ error: "gpuMaxHours must be a number of hours" })
    .positive({ error: "gpuMaxHours must be above 0" })
    .max(720, { error: "gpuMaxHours must be at most 720" }),
  gpuAutoStop: z.boolean({ error: "gpuAutoStop must be true or false" }),
};

export const policySchema = z.object({
  confirmThresholdUsd: fields.confirmThresholdUsd.default(0),
  tenantDailyCapUsd: fields.tenantDailyCapUsd.optional(),
  userDailyCapUsd: fields.userDailyCapUsd.optional(),
  maxConcurrentJobsPerUser: fields.maxConcurrentJobsPerUser.default(3),
  spenderRoleIds: fields.spenderRoleIds.default([]),
  qaEnabled: fields.qaEnabled.default(true),
  qaDailyCapUsd: fields.qaDailyCapUsd.optional(),
  supportChannelId: fields.supportChannelId.optional(),
  gpuMaxHours: fields.gpuMaxHours.optional(),
  gpuAutoStop: fields.gpuAutoStop.optional(),
});

export type Policy = z.output<typeof policySchema>;

/** A change: any subset of fields; `null` removes an optional field (e.g. lifts a cap). */
export const policyPatchSchema = z
  .object({
    confirmThresholdUsd: fields.confirmThresholdUsd,
    tenantDailyCapUsd: fields.tenantDailyCapUsd.nullable(),
    userDailyCapUsd: fields.userDailyCapUsd.nullable(),
    maxConcurrentJobsPerUser: fields.maxConcurrentJobsPerUser,
    spenderRoleIds: fields.spenderRoleIds,
    qaEnabled: fields.qaEnabled,
    qaDailyCapUsd: fields.qaDailyCapUsd.nullable(),
    supportChannelId: fields.supportChannelId.nullable(),
    gpuMaxHours: fields.gpuMaxHours.nullable(),
    gpuAutoStop: fields.gpuAutoStop,
  })
  .partial()
  .strict();

export type PolicyPatch = z.input<typeof policyPatchSchema>;

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze(policySchema.parse({}));

export function policyKey(tenant: Tenant): string {
  return `policy:${tenantKey(tenant)}`;
}

function invalidPolicy(error: z.ZodError): BotError {
  const problems = error.issues.map((i) => {
    const path = i.path.map(String).join(".");
    // Unknown keys are reported at the top level (the policy is flat), so they have no path either.
    return !path || i.message.startsWith(path) ? i.message : `${path}: ${i.message}`;
  });
  return usageError("invalid_policy", `The policy change is not valid: ${problems.join("; ")}.`, {
    problems,
  });
}

function parseStored(tenant: Tenant, raw: string | null): Policy {
  if (raw === null) return { ...DEFAULT_POLICY, spenderRoleIds: [] };
  let data: unknown = null;
  try {
    data = JSON.parse(raw);
  } catch {
    // Not JSON: `data` stays null and fails the schema below.
  }
  const result = policySchema.safeParse(data);
  if (!result.success) {
    // Never fall back to defaults here: that would silently lift the tenant's caps.
    throw new BotError({
      code: "policy_corrupt",
      family: "runtime",
      message: `The stored policy of this ${tenant.platform === "slack" ? "workspace" : "server"} is damaged; an admin can reset it with /theta policy.`,
    });
  }
  return result.data;
}

/** The tenant's policy with defaults applied (defaults alone when nothing is stored). */
export async function getPolicy(store: StateStore, tenant: Tenant): Promise<Policy> {
  return parseStored(tenant, await store.get(policyKey(tenant)));
}

/**
 * Validates `patch` (rejects `invalid_policy` naming each bad field), merges it into the stored
 * policy atomically (compare-and-set, so two admins' changes never overwrite each other) and
 * returns the new policy.
 */
export async function updatePolicy(store: StateStore, tenant: Tenant, patch: PolicyPatch): Promise<Policy> {
  const checked = policyPatchSchema.safeParse(patch);
  if (!checked.success) throw invalidPolicy(checked.error);
  const key = policyKey(tenant);
  for (let attempt = 0; attempt < 20; attempt++) {
    const raw = await store.get(key);
    const merged: Record<string, unknown> = { ...parseStored(tenant, raw) };
    for (const [k, v] of Object.entries(checked.data)) {
      if (v === null) delete merged[k];
      else if (v !== undefined) merged[k] = v;
    }
    const next = policySchema.safeParse(merged);
    // Stryker disable next-line ConditionalExpression: equivalent, merged is a parsed stored policy plus patch fields checked by the same rules (null only removes optional ones), so it always parses
    if (!next.success) throw invalidPolicy(next.error);
    if (await store.compareAndSet(key, raw, JSON.stringify(next.data))) return next.data;
  }
  throw new BotError({
    code: "policy_conflict",
    family: "runtime",
    retriable: true,
    message: "The policy is being changed by someone else right now; try again.",
  });
}

/**
 * Whether a paid action must be confirmed by its requester: always when the price is unknown or
 * the threshold is 0, otherwise when the quote is above the threshold.
 */
export function needsConfirmation(
  policy: Pick<Policy, "confirmThresholdUsd">,
  quoteUsd: number | undefined,
): boolean {
  // Number.isFinite is false for undefined too: an unknown price is always confirmed.
  if (!Number.isFinite(quoteUsd)) return true;
  const usd = quoteUsd as number;
  if (usd < 0) return true;
  if (policy.confirmThresholdUsd <= 0) return true;
  return Number(usd.toFixed(10)) > policy.confirmThresholdUsd;
}
