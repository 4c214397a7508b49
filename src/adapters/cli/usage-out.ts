import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { usageChartPng } from "../../core/charts/usage-chart.js";
import { type UsageSummary, usageCsv } from "../../core/gpu/usage-data.js";

/**
 * `op theta.billing.usage --out usage.png`: the chart as a PNG (and its numbers as CSV beside it).
 * `--out` names the PNG, or a folder that gets `theta-usage-<start>-<end>.png`.
 */
export async function writeUsageChart(result: unknown, out: string): Promise<{ png: string; csv: string }> {
  const s = result as UsageSummary;
  const png = resolve(/\.png$/i.test(out) ? out : join(out, `theta-usage-${s.startDate}-${s.endDate}.png`));
  const csv = png.replace(/\.png$/i, ".csv");
  await mkdir(dirname(png), { recursive: true });
  await writeFile(png, await usageChartPng(s));
  await writeFile(csv, usageCsv(s));
  return { png, csv };
}
