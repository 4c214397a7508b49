// @ts-nocheck
import { catalogEntry } from "../theta/ondemand-catalog.js";
import type { ServiceSummary } from "../theta/ondemand-services.js";
import type { OperationContext, Quote } from "./define.js";

const money = (n: number) => (n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);

/** Rough token count of a chat request: ~4 characters per token plus the completion budget. */
export function estimateTokens(
  messages: unknown,
  maxTokens: number | undefined,
): { input: number; output: number } {
  const text = JSON.stringify(messages ?? "");
  return { input: Math.ceil(text.length / 4), output: maxTokens ?? 1024 };
}

function fromPricing(
  s: Pick<ServiceSummary, "alias" | "pricing">,
  tokens?: { input: number; output: number },
): Quote | undefined {
  const p = s.pricing;
  const source = p.source === "live" ? "live" : p.source === "catalog" ? "catalog" : "unknown";
  if (p.perUnitUsd !== undefined) {
    return {
      amount: p.perUnitUsd,
      currency: "USD",
      display: `${money(p.perUnitUsd)} per ${p.unit ?? "request"}`,
      source,
      basis:
        source === "live"
          ? `cost ÷ cost_divisor of ${s.alias} in /service/list`
          : `documented price of ${s.alias}`,
    };
  }
  if ((p.inputPer1M !== undefined || p.outputPer1M !== undefined) && tokens) {
    const amount = ((p.inputPer1M ?? 0) * tokens.input + (p.outputPer1M ?? 0) * tokens.output) / 1e6;
    return {
      amount,
      currency: "units",
      display: `at most ~${amount.toFixed(4)} units (≈${tokens.input} in + ≤${tokens.output} out tokens at ${p.inputPer1M}/${p.outputPer1M} per 1M)`,
      source,
      basis: `${source === "live" ? "listed" : "documented"} per-token prices of ${s.alias}; currency unverified`,
    };
  }
  return undefined;
}

/** Quote for an on-demand service: live catalog price first, then the documented price. */
export async function serviceQuote(
  ctx: Pick<OperationContext, "discover">,
  alias: string,
  tokens?: { input: number; output: number },
): Promise<Quote> {
  const discovery = await ctx.discover();
  const live = discovery.source === "live" ? discovery.services.find((s) => s.alias === alias) : undefined;
  const fromLive = live ? fromPricing(live, tokens) : undefined;
  if (fromLive) return fromLive;
  const known = catalogEntry(alias);
  const fromCatalog = known
    ? fromPricing({ alias, pricing: { ...known.pricing, source: "catalog" } }, tokens)
    : undefined;
  if (fromCatalog) return fromCatalog;
  return {
    currency: "USD",
    display: "price not published for this service",
    source: "unknown",
    basis: `neither /service/list nor the documented prices give a cost for ${alias}`,
  };
}
