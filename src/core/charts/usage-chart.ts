import type { TopLevelSpec } from "vega-lite";
import type { UsageSummary } from "../gpu/usage-data.js";
import type { BotSpend } from "./bot-spend.js";
import { chartPng } from "./render.js";

const money = { format: "$,.2f" };

function thetaPanel(s: UsageSummary) {
  const values = s.days.flatMap((d) =>
    s.categories.map((c) => ({ date: d.date, category: c, usd: d.byCategory[c] ?? 0 })),
  );
  return {
    title: `Theta spend per day by category, ${s.startDate} to ${s.endDate} (total $${s.totalUsd.toFixed(2)})`,
    width: 760,
    height: 260,
    data: { values },
    mark: { type: "bar" as const },
    encoding: {
      x: {
        field: "date",
        type: "ordinal" as const,
        title: null,
        axis: { labelAngle: -60, labelOverlap: true },
      },
      y: {
        field: "usd",
        type: "quantitative" as const,
        aggregate: "sum" as const,
        title: "USD",
        axis: money,
      },
      color: { field: "category", type: "nominal" as const, title: "category" },
      order: { field: "category" },
    },
  };
}

function botPanel(title: string, rows: Array<{ key: string; usd: number }>) {
  return {
    title,
    width: 340,
    height: Math.max(60, rows.length * 22),
    data: { values: rows },
    mark: { type: "bar" as const, color: "#4c78a8" },
    encoding: {
      y: { field: "key", type: "nominal" as const, title: null, sort: "-x" as const },
      x: { field: "usd", type: "quantitative" as const, title: "USD", axis: money },
    },
  };
}

/** One PNG: Theta's daily spend stacked by category, and below it what the bot spent here by member and by command. */
export function usageChartSpec(s: UsageSummary, bot: BotSpend | undefined): TopLevelSpec {
  const panels: unknown[] = [thetaPanel(s)];
  if (bot?.byMember.length) {
    panels.push({
      hconcat: [
        botPanel(`Bot spend by member ($${bot.totalUsd.toFixed(2)})`, bot.byMember.slice(0, 12)),
        botPanel("Bot spend by command", bot.byCommand.slice(0, 12)),
      ],
    });
  }
  return { $schema: "https://vega.github.io/schema/vega-lite/v6.json", vconcat: panels } as TopLevelSpec;
}

export const usageChartPng = (s: UsageSummary, bot?: BotSpend) => chartPng(usageChartSpec(s, bot));
