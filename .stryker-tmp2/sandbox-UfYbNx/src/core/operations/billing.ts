// @ts-nocheck
import { z } from "zod";
import { missingCredentialsError } from "../credentials/provider.js";
import { BotError } from "../errors.js";
import type { ThetaClient } from "../theta/client.js";
import { defineOperation, type OperationContext } from "./define.js";

const input = z.object({ orgId: z.string().regex(/^org_/, 'an org id like "org_…"').optional() }).strict();

/** The org to ask about (input first, then THETA_ORG_ID) and whether a key is there to ask with. */
async function target(orgId: string | undefined, ctx: OperationContext) {
  const c: ThetaClient = ctx.client;
  const org = orgId ?? c.credentials.billing?.orgId;
  const hasKey = Boolean(c.credentials.billing?.apiKey ?? c.credentials.controller?.apiKey);
  if (org && hasKey) return { org, missing: [] as string[] };
  const st = await ctx.credentials.status(ctx.tenant, "billing");
  return { org, missing: st.missing.filter((m) => !(org && m === "THETA_ORG_ID")) };
}

export const balance = defineOperation({
  name: "theta.billing.balance",
  summary: "The organisation's EdgeCloud credit balance",
  input,
  families: [],
  optionalFamilies: ["billing", "controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const t = await target(i.orgId, ctx);
    if (t.missing.length || !t.org) {
      throw missingCredentialsError(
        "billing",
        t.missing.length ? t.missing : ["THETA_ORG_ID"],
        "Set them (or pass --orgId), then run theta.auth.capabilities.",
      );
    }
    const r = await ctx.client.platform.balance(t.org);
    return { orgId: r.orgId, balance: r.value, response: r.response };
  },
  render: (r) => {
    const b = r as { orgId: string; balance?: number };
    return b.balance === undefined
      ? `No balance reported for ${b.orgId}.`
      : `Balance of ${b.orgId}: ${b.balance.toFixed(2)} credits`;
  },
});

/** Never throws for missing setup: reports why it skipped, for dashboards and before/after diffs. */
export const balanceSnapshot = defineOperation({
  name: "theta.billing.balanceSnapshot",
  summary: "Balance as a number, or why it was skipped (for before/after comparisons)",
  input,
  families: [],
  optionalFamilies: ["billing", "controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const t = await target(i.orgId, ctx);
    if (t.missing.length || !t.org) {
      const reason = t.missing.includes("THETA_EC_API_KEY") ? "missing_THETA_EC_API_KEY" : "missing_org_id";
      return { skipped: true, reason, missing: t.missing };
    }
    try {
      const r = await ctx.client.platform.balance(t.org);
      return { skipped: false, orgId: r.orgId, value: r.value, response: r.response };
    } catch (err) {
      return {
        skipped: true,
        reason: "balance_lookup_failed",
        error: err instanceof BotError ? { code: err.code, message: err.message } : { code: "error" },
      };
    }
  },
});
