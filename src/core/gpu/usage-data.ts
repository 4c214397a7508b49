import type { UsageRow } from "../theta/billing-shapes.js";
import { table, usd } from "./table.js";

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Validated inclusive range: explicit dates, or the last `days` days ending today (UTC). */
export function usageRange(
  o: { startDate?: string | undefined; endDate?: string | undefined; days?: number | undefined },
  now = Date.now(),
): { startDate: string; endDate: string; days: number } | { error: string } {
  const end = o.endDate ?? dayOf(now);
  const start = o.startDate ?? dayOf(Date.parse(`${end}T00:00:00Z`) - ((o.days ?? 30) - 1) * DAY_MS);
  for (const [k, v] of [
    ["startDate", start],
    ["endDate", end],
  ] as const) {
    if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
      return { error: `${k} must be YYYY-MM-DD` };
  }
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
  if (days < 1) return { error: "startDate must not be after endDate" };
  if (days > 366) return { error: `the range is ${days} days; at most 366 (dates inclusive)` };
  return { startDate: start, endDate: end, days };
}

export interface UsageSummary {
  startDate: string;
  endDate: string;
  categories: string[];
  /** One entry per day of the range (zeros included), in date order. */
  days: Array<{ date: string; totalUsd: number; byCategory: Record<string, number> }>;
  byCategory: Record<string, number>;
  totalUsd: number;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Daily totals per category over the whole range, from Theta's usage rows. */
export function summarizeUsage(rows: UsageRow[], startDate: string, endDate: string): UsageSummary {
  const inRange = rows.filter((r) => r.date >= startDate && r.date <= endDate);
  const categories = [...new Set(inRange.map((r) => r.category))].sort();
  const byDay = new Map<string, Record<string, number>>();
  for (let t = Date.parse(`${startDate}T00:00:00Z`); dayOf(t) <= endDate; t += DAY_MS)
    byDay.set(dayOf(t), {});
  const byCategory: Record<string, number> = Object.fromEntries(categories.map((c) => [c, 0]));
  for (const r of inRange) {
    const d = byDay.get(r.date) ?? {};
    d[r.category] = round((d[r.category] ?? 0) + r.usd);
    byDay.set(r.date, d);
    byCategory[r.category] = round((byCategory[r.category] ?? 0) + r.usd);
  }
  const days = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, cats]) => ({
      date,
      byCategory: cats,
      totalUsd: round(Object.values(cats).reduce((a, b) => a + b, 0)),
    }));
  const totalUsd = round(inRange.reduce((a, r) => a + r.usd, 0));
  return { startDate, endDate, categories, days, byCategory, totalUsd };
}

/** One CSV row per day and category, then per-category and grand totals. */
export function usageCsv(s: UsageSummary): string {
  const lines = ["date,category,usd"];
  for (const d of s.days)
    for (const c of s.categories) lines.push(`${d.date},${c},${(d.byCategory[c] ?? 0).toFixed(4)}`);
  for (const c of s.categories) lines.push(`total,${c},${(s.byCategory[c] ?? 0).toFixed(4)}`);
  lines.push(`total,all,${s.totalUsd.toFixed(4)}`);
  return `${lines.join("\n")}\n`;
}

export function usageText(s: UsageSummary): string {
  const top = Object.entries(s.byCategory)
    .sort(([, a], [, b]) => b - a)
    .map(([c, v]) => `${c} ${usd(v)}`)
    .join(" · ");
  const peak = s.days.reduce(
    (a, d) => (d.totalUsd > a.totalUsd ? d : a),
    s.days[0] ?? { date: "—", totalUsd: 0 },
  );
  return `Theta usage ${s.startDate} → ${s.endDate} (${s.days.length} days): total ${usd(s.totalUsd)}${top ? ` — ${top}` : ""}. Busiest day ${peak.date} (${usd(peak.totalUsd)}).`;
}

export function usageTable(s: UsageSummary): string {
  const rows = s.days.map((d) => [
    d.date,
    ...s.categories.map((c) => usd(d.byCategory[c] ?? 0)),
    usd(d.totalUsd),
  ]);
  rows.push(["total", ...s.categories.map((c) => usd(s.byCategory[c] ?? 0)), usd(s.totalUsd)]);
  return table(["date", ...s.categories, "total"], rows);
}
