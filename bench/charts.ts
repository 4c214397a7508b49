/**
 * Usage chart rendering: time per 90-day chart (vega-lite → SVG → PNG), and whether the PNG is
 * byte-identical when the machine's fonts are hidden (a child process with /usr/share/fonts
 * covered by an empty tmpfs; needs root and `unshare`, else reported as unavailable).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { usageChartPng } from "../src/core/charts/usage-chart.js";
import { summarizeUsage } from "../src/core/gpu/usage-data.js";
import { usageHistory } from "../test/doubles/theta/gpu-seed.js";

const today = "2026-11-30";
const rows = usageHistory(today).map((r) => ({ date: r.date, category: r.category, usd: r.amount_usd }));
const s = summarizeUsage(rows, "2026-09-02", today);
const bot = {
  totalUsd: 12.5,
  jobs: 9,
  byMember: [
    { key: "alice", usd: 9 },
    { key: "bob", usd: 3.5 },
  ],
  byCommand: [
    { key: "gpu node", usd: 12 },
    { key: "on-demand flux", usd: 0.5 },
  ],
};
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

if (process.argv[2] === "--hash") {
  process.stdout.write(sha(await usageChartPng(s, bot)));
  process.exit(0);
}

const first = await usageChartPng(s, bot);
const n = 10;
const t0 = performance.now();
for (let i = 0; i < n; i++) await usageChartPng(s, bot);
const ms = (performance.now() - t0) / n;
console.log(`chart_png_bytes: ${first.length}`);
console.log(`chart_render_ms_per_90_day_chart: ${ms.toFixed(1)}`);

const script = `mount -t tmpfs none /usr/share/fonts && exec npx tsx bench/charts.ts --hash`;
const r = spawnSync("unshare", ["-m", "sh", "-c", script], { encoding: "utf8", timeout: 120_000 });
const verdict = r.status === 0 ? String(r.stdout.trim() === sha(first)) : "unavailable";
console.log(`identical_without_system_fonts: ${verdict}`);
