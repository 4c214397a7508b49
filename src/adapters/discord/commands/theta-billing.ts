import { AttachmentBuilder, type ChatInputCommandInteraction } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { type UsageBy, usageReport } from "../../../core/chat/usage-report.js";
import { getOperation } from "../../../core/operations/registry.js";
import { runOperation } from "../../../core/operations/runner.js";
import { callerOf } from "../caller.js";
import type { DiscordContext } from "../context.js";
import { textMessage } from "../render.js";

/** /theta usage [days] [by]: the chart as a PNG, the numbers as CSV, and a short summary. */
export async function usageCommand(i: ChatInputCommandInteraction, ctx: DiscordContext) {
  const tenant = tenantOf(callerOf(i));
  const entries = await ctx.app.jobs.ledger.list({ limit: 5000, tenantId: tenant.id });
  const names = (id: string) => i.guild?.members.cache.get(id)?.displayName ?? `member ${id.slice(-4)}`;
  const r = await usageReport(ctx.app.runtime, tenant, {
    days: i.options.getInteger("days") ?? 30,
    by: (i.options.getString("by") as UsageBy | null) ?? "category",
    entries,
    nameOf: names,
  });
  const stem = `theta-usage-${r.summary.startDate}-${r.summary.endDate}`;
  await i.editReply({
    ...textMessage("Theta usage", r.text),
    files: [
      new AttachmentBuilder(r.png, { name: `${stem}.png` }),
      new AttachmentBuilder(Buffer.from(r.csv, "utf8"), { name: `${stem}.csv` }),
    ],
  });
}

async function tableOf(
  i: ChatInputCommandInteraction,
  ctx: DiscordContext,
  title: string,
  op: string,
  input = {},
) {
  const r = await runOperation(ctx.app.runtime, op, input, { tenant: tenantOf(callerOf(i)) });
  const text = getOperation(op)!.render!(r.kind === "result" ? r.result : r);
  await i.editReply(textMessage(title, `\`\`\`\n${text.slice(0, 3900)}\n\`\`\``));
}

export const topUpsCommand = (i: ChatInputCommandInteraction, ctx: DiscordContext) =>
  tableOf(i, ctx, "Top-ups", "theta.billing.topUps", { page: i.options.getInteger("page") ?? 1 });

export const pricingCommand = (i: ChatInputCommandInteraction, ctx: DiscordContext) =>
  tableOf(i, ctx, "Theta pricing", "theta.billing.pricing");
