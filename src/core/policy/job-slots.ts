/**
 * Per-user job concurrency on the StateStore: hash `jobs:active:<platform>:<tenant>:<user>`
 * (field = jobId, value = start ms). Entries older than 2 h (a crashed worker never released
 * them) are ignored and cleaned.
 */
import type { Tenant } from "../credentials/provider.js";
import { BotError, usageError } from "../errors.js";
import type { StateStore } from "../store/state-store.js";
import type { Clock } from "./budgets.js";
import { keyPart, tenantKey } from "./keys.js";
import type { Policy } from "./policy.js";

export const STALE_JOB_MS = 2 * 60 * 60 * 1000;

export function activeJobsKey(tenant: Tenant, userId: string): string {
  return `jobs:active:${tenantKey(tenant)}:${keyPart(userId, "user")}`;
}

function checkJobId(jobId: string): string {
  if (typeof jobId !== "string" || jobId.length === 0 || jobId.length > 200) {
    throw usageError("invalid_id", "The job id must be a non-empty string of at most 200 characters.");
  }
  return jobId;
}

/**
 * Takes one of the user's concurrent job slots for `jobId`, or throws `too_many_jobs`. Taking the
 * same job again is a no-op (one slot per job). Entries older than 2 h are ignored and removed.
 * Returns false when the job already held its slot.
 *
 * Race-free without locks: the slot is written first and then the others are counted, so of two
 * simultaneous requests at least one sees the other (at worst both back out, never both over).
 */
export async function acquireJobSlot(
  store: StateStore,
  policy: Pick<Policy, "maxConcurrentJobsPerUser">,
  tenant: Tenant,
  userId: string,
  jobId: string,
  now: Clock = Date.now,
): Promise<boolean> {
  const key = activeJobsKey(tenant, userId);
  const field = checkJobId(jobId);
  const t = now();
  const isLive = (v: string | undefined) => {
    const started = Number(v);
    return Number.isFinite(started) && t - started < STALE_JOB_MS;
  };
  const before = await store.hgetall(key);
  if (isLive(before[field])) return false;
  await store.hset(key, { [field]: String(t) });
  await store.expire(key, STALE_JOB_MS);
  const after = await store.hgetall(key);
  // This job's own field was just set, so it is live and never among the stale.
  const stale = Object.keys(after).filter((f) => !isLive(after[f]));
  // Both stores answer an hdel with no fields themselves, without a round trip.
  await store.hdel(key, ...stale);
  const others = Object.keys(after).filter((f) => f !== field && isLive(after[f])).length;
  const limit = policy.maxConcurrentJobsPerUser;
  if (others >= limit) {
    await store.hdel(key, field);
    throw new BotError({
      code: "too_many_jobs",
      family: "usage",
      message: `You already have ${others} job${others === 1 ? "" : "s"} running; the limit is ${limit} at a time. Wait for one to finish or cancel one, then try again.`,
      details: { running: others, limit },
    });
  }
  return true;
}

/** Frees the job's slot; true when it held one. */
export async function releaseJobSlot(
  store: StateStore,
  tenant: Tenant,
  userId: string,
  jobId: string,
): Promise<boolean> {
  return (await store.hdel(activeJobsKey(tenant, userId), checkJobId(jobId))) > 0;
}

/** The user's running (non-stale) job ids, oldest first. */
export async function activeJobs(
  store: StateStore,
  tenant: Tenant,
  userId: string,
  now: Clock = Date.now,
): Promise<string[]> {
  const t = now();
  const all = await store.hgetall(activeJobsKey(tenant, userId));
  return Object.entries(all)
    .filter(([, v]) => Number.isFinite(Number(v)) && t - Number(v) < STALE_JOB_MS)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map(([f]) => f);
}
