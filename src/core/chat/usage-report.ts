import { type BotSpend, botSpend, botSpendCsv, type SpendRecord } from "../charts/bot-spend.js";
import { usageChartPng } from "../charts/usage-chart.js";
import type { Tenant } from "../credentials/provider.js";
import { usd } from "../gpu/table.js";
import { type UsageSummary, usageCsv, usageText } from "../gpu/usage-data.js";
import { type Runtime, runOperation } from "../operations/runner.js";

export interface UsageReport {
  summary: UsageSummary & { notes: string[] };
  bot: BotSpend;
  png: Buffer;
  csv: string;
  text: string;
}

export type UsageBy = "category" | "member" | "command";

/**
 * `/theta usage [days] [by]`: Theta's daily spend by category and what the bot spent here (from its
 * job ledger), as one PNG chart, a CSV with the same numbers and a short text.
 */
export async function usageReport(
  rt: Runtime,
  tenant: Tenant,
  o: { days: number; by: UsageBy; entries: SpendRecord[]; nameOf?: (userId: string) => string; now?: number },
): Promise<UsageReport> {
  const r = await runOperation(rt, "theta.billing.usage", { days: o.days }, { tenant });
  const summary = (r.kind === "result" ? r.result : {}) as UsageSummary & { notes: string[] };
  const since = Date.parse(`${summary.startDate}T00:00:00Z`);
  const bot = botSpend(o.entries, tenant, since, o.nameOf);
  const png = await usageChartPng(summary, bot);
  const csv = `${usageCsv(summary)}\n${botSpendCsv(bot)}`;
  const place = tenant.platform === "slack" ? "workspace" : "server";
  const group = o.by === "member" ? bot.byMember : o.by === "command" ? bot.byCommand : [];
  const breakdown =
    o.by === "category"
      ? ""
      : ` By ${o.by}: ${group.map((g) => `${g.key} ${usd(g.usd)}`).join(" · ") || "none"}.`;
  const text = [
    usageText(summary),
    `The bot spent ${usd(bot.totalUsd)} for this ${place} in ${bot.jobs} paid jobs over the period.${breakdown}`,
    summary.notes?.length ? `Note: ${summary.notes.join("; ")}.` : undefined,
  ]
    .filter(Boolean)
    .join("\n");
  return { summary, bot, png, csv, text };
}
