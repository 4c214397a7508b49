// @ts-nocheck
import type { Tenant } from "../credentials/provider.js";
import { BotError } from "../errors.js";
import { formatUsd, SPEND_TTL_MS, utcDay } from "../policy/budgets.js";
import { keyPart, tenantKey } from "../policy/keys.js";
import type { Policy } from "../policy/policy.js";
import type { StateStore } from "../store/index.js";

const MINUTE = 60_000;

/**
 * Questions per minute, per asker and per tenant (fixed one-minute windows). Counted before any
 * model call, so a flood of questions costs nothing.
 */
export async function checkQuestionRate(
  store: StateStore,
  tenant: Tenant,
  userId: string,
  limits: { userPerMinute: number; tenantPerMinute: number },
  now = Date.now(),
): Promise<void> {
  const window = Math.floor(now / MINUTE);
  const retryAfterS = Math.ceil(((window + 1) * MINUTE - now) / 1000);
  const userKey = `qa:rate:${tenantKey(tenant)}:${keyPart(userId, "user")}:${window}`;
  const tenantKeyName = `qa:rate:${tenantKey(tenant)}:*:${window}`;
  const [u, t] = await Promise.all([store.incr(userKey), store.incr(tenantKeyName)]);
  if (u === 1) await store.expire(userKey, 2 * MINUTE);
  if (t === 1) await store.expire(tenantKeyName, 2 * MINUTE);
  const who = u > limits.userPerMinute ? "you" : t > limits.tenantPerMinute ? "everyone here" : undefined;
  if (!who) return;
  const limit = who === "you" ? limits.userPerMinute : limits.tenantPerMinute;
  throw new BotError({
    code: "qa_rate_limited",
    family: "usage",
    retriable: true,
    message: `Too many questions: ${who === "you" ? "you can ask" : "this team can ask"} ${limit} a minute. Try again in ${retryAfterS} s.`,
    details: { retryAfterS, scope: who === "you" ? "user" : "tenant" },
  });
}

const qaSpendKey = (tenant: Tenant, day: string) => `qaspend:${tenantKey(tenant)}:${day}`;

/** Refuses a question when today's Q&A spend has reached the policy's Q&A cap. */
export async function checkQaCap(
  store: StateStore,
  policy: Pick<Policy, "qaDailyCapUsd">,
  tenant: Tenant,
  estimateUsd: number,
  now = Date.now(),
): Promise<void> {
  const cap = policy.qaDailyCapUsd;
  if (cap === undefined) return;
  const spent = Number((await store.get(qaSpendKey(tenant, utcDay(now)))) ?? 0);
  if (spent + estimateUsd <= cap) return;
  throw new BotError({
    code: "qa_cap_reached",
    family: "usage",
    message: `Questions have used ${formatUsd(spent)} of today's ${formatUsd(cap)} Q&A cap; they are available again after midnight UTC, or an admin can raise the cap with /theta policy.`,
    details: { spentUsd: spent, capUsd: cap },
  });
}

/** Adds a question's cost to today's Q&A total (the tenant and user budgets are charged separately). */
export async function addQaSpend(
  store: StateStore,
  tenant: Tenant,
  usd: number,
  now = Date.now(),
): Promise<void> {
  if (!(usd > 0)) return;
  const key = qaSpendKey(tenant, utcDay(now));
  await store.incrDecimal(key, usd);
  await store.expire(key, SPEND_TTL_MS);
}
