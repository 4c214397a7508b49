import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { botSpend } from "../../src/core/charts/bot-spend.js";
import { chartSvg } from "../../src/core/charts/render.js";
import { usageChartPng, usageChartSpec } from "../../src/core/charts/usage-chart.js";
import { summarizeUsage, usageCsv, usageRange } from "../../src/core/gpu/usage-data.js";
import { readUsage } from "../../src/core/theta/billing-shapes.js";
import { csvTotal, pngStats } from "../helpers/png.js";

const rows = [
  { date: "2026-11-01", category: "gpu_node", usd: 4.5 },
  { date: "2026-11-01", category: "storage", usd: 0.25 },
  { date: "2026-11-03", category: "gpu_node", usd: 2 },
  { date: "2026-10-31", category: "gpu_node", usd: 99 },
];

describe("usage data and chart", () => {
  it("fills every day of the range, ignores rows outside it, and the CSV totals add up", () => {
    const s = summarizeUsage(rows, "2026-11-01", "2026-11-03");
    expect(s.days.map((d) => d.totalUsd)).toEqual([4.75, 0, 2]);
    expect(s.totalUsd).toBe(6.75);
    const csv = usageCsv(s);
    expect(csvTotal(csv, "all")).toBe(6.75);
    expect(csvTotal(csv, "storage")).toBe(0.25);
  });

  it("reads the usage shapes Theta may send: rows, category maps, category lists; says what is missing", () => {
    const a = readUsage({ daily: [{ date: "2026-11-01", category: "gpu", amount_usd: 1 }] });
    const b = readUsage({
      daily_breakdown: [{ date: "2026-11-01", categories: { gpu: 1, storage: "0.5" } }],
    });
    const c = readUsage([{ day: "2026-11-01T00:00:00Z", breakdown: [{ name: "gpu", cost: 2 }] }]);
    expect(a.rows).toEqual([{ date: "2026-11-01", category: "gpu", usd: 1 }]);
    expect(b.rows).toHaveLength(2);
    expect(c.rows).toEqual([{ date: "2026-11-01", category: "gpu", usd: 2 }]);
    expect(readUsage({ total: 3 }).notes).toContain("the usage answer has no daily breakdown");
  });

  it("ranges: inclusive, at most 366 days", () => {
    expect(usageRange({ startDate: "2025-01-01", endDate: "2026-01-01" })).toMatchObject({ days: 366 });
    expect(usageRange({ startDate: "2025-01-01", endDate: "2026-01-02" })).toHaveProperty("error");
    expect(usageRange({ days: 7 }, Date.parse("2026-11-30T12:00:00Z"))).toEqual({
      startDate: "2026-11-24",
      endDate: "2026-11-30",
      days: 7,
    });
  });

  it("renders the same PNG every time, with text drawn in the shipped font (not the machine's)", async () => {
    const s = summarizeUsage(rows, "2026-11-01", "2026-11-03");
    const bot = botSpend(
      [
        {
          kind: "gpu",
          state: "delivered",
          upstreamId: "g",
          origin: { platform: "slack", tenantId: "T1", userId: "U1" },
          cost: { amount: 2.5, currency: "USD" },
          createdAt: Date.parse("2026-11-02"),
        },
      ],
      { platform: "slack", id: "T1" },
      Date.parse("2026-11-01"),
    );
    expect(bot).toMatchObject({
      totalUsd: 2.5,
      byMember: [{ key: "U1", usd: 2.5 }],
      byCommand: [{ key: "gpu node", usd: 2.5 }],
    });
    const svg = await chartSvg(usageChartSpec(s, bot));
    expect(svg).toContain('font-family="Inter"');
    expect(svg).toContain("Bot spend by member");
    const [a, b] = await Promise.all([usageChartPng(s, bot), usageChartPng(s, bot)]);
    const hash = (x: Buffer) => createHash("sha256").update(x).digest("hex");
    expect(hash(a)).toBe(hash(b));
    const stats = pngStats(a);
    expect(stats.width).toBeGreaterThan(1000);
    expect(stats.inked).toBeGreaterThan(5000);
    // vega-lite's global Set.prototype.toJSON patch is not left behind (it breaks discord.js).
    expect(Object.hasOwn(Set.prototype, "toJSON")).toBe(false);
  });
});
