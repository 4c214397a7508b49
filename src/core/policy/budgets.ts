/**
 * Daily spend accounting (UTC days) on the StateStore, so every process shares it:
 * `spend:<platform>:<tenant>:<day>` and `spend:<platform>:<tenant>:<user>:<day>` (decimal
 * counters, kept 3 days). Caps come from the tenant's policy.
 */
import type { Tenant } from "../credentials/provider.js";
import { BotError, usageError } from "../errors.js";
import { roundDecimal, type StateStore } from "../store/state-store.js";
import { keyPart, tenantKey } from "./keys.js";
import type { Policy } from "./policy.js";

/** Milliseconds since the epoch; injectable so tests can cross midnight. */
export type Clock = () => number;

export const SPEND_TTL_MS = 3 * 24 * 60 * 60 * 1000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day (`YYYY-MM-DD`) of `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The next 00:00 UTC after `ms`, when daily caps reset. */
export function nextUtcMidnight(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export function tenantSpendKey(tenant: Tenant, day: string): string {
  return `spend:${tenantKey(tenant)}:${day}`;
}

export function userSpendKey(tenant: Tenant, userId: string, day: string): string {
  return `spend:${tenantKey(tenant)}:${keyPart(userId, "user")}:${day}`;
}

/** "$0.30", "$0.0035": cents, or up to 4 decimals for sub-cent prices. */
export function formatUsd(amount: number): string {
  const rounded = roundDecimal(amount);
  const fixed = rounded.toFixed(4).replace(/0{1,2}$/, "");
  return `$${fixed}`;
}

function checkAmount(amountUsd: number, what: string): number {
  if (
    // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is false for every non-number
    typeof amountUsd !== "number" ||
    !Number.isFinite(amountUsd) ||
    amountUsd < 0
  ) {
    throw usageError("invalid_amount", `${what} must be a non-negative number of US dollars.`);
  }
  return amountUsd;
}

function checkDay(day: string): string {
  if (!DAY_RE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw usageError("invalid_day", `"${day}" is not a UTC day (YYYY-MM-DD).`);
  }
  return day;
}

function parseSpend(raw: string | null): number {
  // Stryker disable next-line ConditionalExpression: equivalent, Number(null) is 0 too
  const n = raw === null ? 0 : Number(raw);
  return Number.isFinite(n) &&
    // Stryker disable next-line EqualityOperator: equivalent, at 0 both return 0 (and a "-0" counter is $0.00 wherever shown)
    n > 0
    ? n
    : 0;
}

function resetsIn(now: number): string {
  const mins = Math.max(1, Math.ceil((nextUtcMidnight(now) - now) / 60_000));
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** Spent today (UTC): the tenant's total, or one user's when `userId` is given. */
export async function spentToday(
  store: StateStore,
  tenant: Tenant,
  userId?: string,
  now: Clock = Date.now,
): Promise<number> {
  const day = utcDay(now());
  const key = userId === undefined ? tenantSpendKey(tenant, day) : userSpendKey(tenant, userId, day);
  return parseSpend(await store.get(key));
}

function budgetError(
  which: "tenant" | "user",
  tenant: Tenant,
  spent: number,
  cap: number,
  amountUsd: number,
  now: number,
): BotError {
  const place = tenant.platform === "slack" ? "workspace" : "server";
  const whose = which === "tenant" ? `This ${place}'s daily Theta budget` : "Your daily Theta budget";
  return new BotError({
    code: "budget_exceeded",
    family: "usage",
    message:
      `${whose} would be exceeded: ${formatUsd(spent)} spent today of the ${formatUsd(cap)} cap, and this costs ${formatUsd(amountUsd)}. ` +
      `It resets at 00:00 UTC (in ${resetsIn(now)}).`,
    details: {
      cap: which,
      spentUsd: roundDecimal(spent),
      capUsd: cap,
      amountUsd,
      resetsAt: new Date(nextUtcMidnight(now)).toISOString(),
    },
  });
}

/**
 * Throws `budget_exceeded` when `amountUsd` on top of today's spend would pass the server's cap
 * (checked first) or the user's cap. Reaching a cap exactly is allowed.
 */
export async function checkBudget(
  store: StateStore,
  policy: Pick<Policy, "tenantDailyCapUsd" | "userDailyCapUsd">,
  tenant: Tenant,
  userId: string,
  amountUsd: number,
  now: Clock = Date.now,
): Promise<void> {
  checkAmount(amountUsd, "The amount");
  const t = now();
  const day = utcDay(t);
  if (policy.tenantDailyCapUsd !== undefined) {
    const spent = parseSpend(await store.get(tenantSpendKey(tenant, day)));
    if (roundDecimal(spent + amountUsd) > policy.tenantDailyCapUsd) {
      throw budgetError("tenant", tenant, spent, policy.tenantDailyCapUsd, amountUsd, t);
    }
  }
  if (policy.userDailyCapUsd !== undefined) {
    const spent = parseSpend(await store.get(userSpendKey(tenant, userId, day)));
    if (roundDecimal(spent + amountUsd) > policy.userDailyCapUsd) {
      throw budgetError("user", tenant, spent, policy.userDailyCapUsd, amountUsd, t);
    }
  }
}

export interface Reservation {
  /** The UTC day charged; pass it back to `adjust` so a late refund corrects the right day. */
  day: string;
  amountUsd: number;
  tenantSpentUsd: number;
  userSpentUsd: number;
}

async function add(
  store: StateStore,
  tenant: Tenant,
  userId: string,
  delta: number,
  day: string,
): Promise<{ tenantSpentUsd: number; userSpentUsd: number }> {
  const tKey = tenantSpendKey(tenant, day);
  const uKey = userSpendKey(tenant, userId, day);
  const [tenantSpentUsd, userSpentUsd] = await Promise.all([
    store.incrDecimal(tKey, delta),
    store.incrDecimal(uKey, delta),
  ]);
  await Promise.all([store.expire(tKey, SPEND_TTL_MS), store.expire(uKey, SPEND_TTL_MS)]);
  return { tenantSpentUsd, userSpentUsd };
}

/** Counts `amountUsd` against today's server and user totals (no cap check; see reserveWithinBudget). */
export async function reserve(
  store: StateStore,
  tenant: Tenant,
  userId: string,
  amountUsd: number,
  now: Clock = Date.now,
): Promise<Reservation> {
  checkAmount(amountUsd, "The amount");
  const day = utcDay(now());
  return { day, amountUsd, ...(await add(store, tenant, userId, amountUsd, day)) };
}

/**
 * Race-free check + reserve: counts the amount first, and if either total is then over its cap,
 * takes it back and throws `budget_exceeded`. Two simultaneous requests can never both slip under a cap.
 */
export async function reserveWithinBudget(
  store: StateStore,
  policy: Pick<Policy, "tenantDailyCapUsd" | "userDailyCapUsd">,
  tenant: Tenant,
  userId: string,
  amountUsd: number,
  now: Clock = Date.now,
): Promise<Reservation> {
  const t = now();
  const r = await reserve(store, tenant, userId, amountUsd, () => t);
  const tenantCap = policy.tenantDailyCapUsd;
  const userCap = policy.userDailyCapUsd;
  const overTenant =
    // Stryker disable next-line ConditionalExpression: equivalent, a comparison with an undefined cap is false anyway
    tenantCap !== undefined &&
    // (the comparison with the cap is mutated and tested)
    r.tenantSpentUsd > tenantCap;
  const overUser =
    // Stryker disable next-line ConditionalExpression: equivalent, a comparison with an undefined cap is false anyway
    userCap !== undefined &&
    // (the comparison with the cap is mutated and tested)
    r.userSpentUsd > userCap;
  if (!overTenant && !overUser) return r;
  await add(store, tenant, userId, -amountUsd, r.day);
  if (overTenant) throw budgetError("tenant", tenant, r.tenantSpentUsd - amountUsd, tenantCap, amountUsd, t);
  throw budgetError("user", tenant, r.userSpentUsd - amountUsd, userCap!, amountUsd, t);
}

/**
 * Corrects a reservation once the real cost is known: a negative delta refunds (failed or
 * cheaper job), a positive one trues up. `day` is the reservation's day.
 */
export async function adjust(
  store: StateStore,
  tenant: Tenant,
  userId: string,
  deltaUsd: number,
  day: string,
): Promise<{ tenantSpentUsd: number; userSpentUsd: number }> {
  if (
    // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is false for every non-number
    typeof deltaUsd !== "number" ||
    !Number.isFinite(deltaUsd)
  ) {
    throw usageError("invalid_amount", "The adjustment must be a finite number of US dollars.");
  }
  return add(store, tenant, userId, deltaUsd, checkDay(day));
}
