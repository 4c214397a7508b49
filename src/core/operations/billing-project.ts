import { z } from "zod";
import { usageError } from "../errors.js";
import { table, usd } from "../gpu/table.js";
import { summarizeUsage, usageRange, usageTable, usageText } from "../gpu/usage-data.js";
import { flattenPricing, readTopUps, readUsage } from "../theta/billing-shapes.js";
import { defineOperation } from "./define.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const usage = defineOperation({
  name: "theta.billing.usage",
  summary: "Project usage: totals and daily spend by category (dates inclusive, ≤366 days)",
  input: z
    .object({
      startDate: day.optional(),
      endDate: day.optional(),
      days: z.number().int().min(1).max(366).optional(),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const range = usageRange(i);
    if ("error" in range)
      throw usageError("INVALID_INPUT", `Invalid input for theta.billing.usage: ${range.error}.`);
    const body = await ctx.client.gpu.usage(range.startDate, range.endDate);
    const u = readUsage(body);
    const summary = summarizeUsage(u.rows, range.startDate, range.endDate);
    return { ...summary, reportedTotalUsd: u.reportedTotalUsd, notes: u.notes, response: body };
  },
  render: (r) => {
    const s = r as ReturnType<typeof summarizeUsage> & { notes: string[] };
    return `${usageText(s)}\n\n${usageTable(s)}${s.notes.length ? `\nNote: ${s.notes.join("; ")}.` : ""}`;
  },
});

export const topUps = defineOperation({
  name: "theta.billing.topUps",
  summary: "The organisation's top-up records (page from 1, number ≤ 100)",
  input: z
    .object({
      page: z.number().int().min(1).default(1),
      number: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const body = await ctx.client.gpu.topUps(i.page, i.number);
    return { page: i.page, ...readTopUps(body), response: body };
  },
  render: (r) => {
    const t = r as ReturnType<typeof readTopUps> & { page: number };
    if (t.topUps.length === 0) return `No top-ups on page ${t.page}.`;
    const rows = t.topUps.map((x) => [
      x.date?.slice(0, 19).replace("T", " "),
      usd(x.amountUsd),
      x.status,
      x.id,
    ]);
    return `${table(["date", "amount", "status", "id"], rows)}${t.notes.length ? `\nNote: ${t.notes.join("; ")}.` : ""}`;
  },
});

export const pricing = defineOperation({
  name: "theta.billing.pricing",
  summary: "Chatbot, storage and on-demand inference prices (GPU prices: theta.gpu.resources.list)",
  input: z.object({}).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const body = await ctx.client.gpu.pricing();
    return { prices: flattenPricing(body).map(([item, price]) => ({ item, price })), response: body };
  },
  render: (r) => {
    const p = (r as { prices: Array<{ item: string; price: string }> }).prices;
    return p.length
      ? table(
          ["item", "price"],
          p.map((x) => [x.item, x.price]),
          60,
        )
      : "No prices listed.";
  },
});
