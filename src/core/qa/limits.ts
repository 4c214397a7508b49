import type { Tenant } from "../credentials/provider.js";
import { BotError } from "../errors.js";
import { formatUsd, SPEND_TTL_MS, utcDay } from "../policy/budgets.js";
import { tenantKey } from "../policy/keys.js";
import type { Policy } from "../policy/policy.js";
import type { StateStore } from "../store/index.js";

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
