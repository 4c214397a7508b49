// @ts-nocheck
import {
  CATALOG,
  type CatalogEntry,
  catalogEntry,
  categorize,
  type InputField,
  type Pricing,
  type ServiceCategory,
} from "./ondemand-catalog.js";
import type { LiveService } from "./ondemand-types.js";

export interface ServiceSummary {
  source: "live" | "catalog";
  alias: string;
  name: string;
  category: ServiceCategory;
  state?: string | undefined;
  defaultPrediction?: string | undefined;
  predictions: string[];
  inputFields: InputField[];
  /** Inputs that take an uploaded file (presigned flow). */
  fileFields: string[];
  outputField?: string | undefined;
  pricing: Pricing & { source: "live" | "catalog" | "unknown" };
  chat: boolean;
  workers?: unknown;
  updateTime?: string | undefined;
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

/** Price from the live catalog's default prediction: cost ÷ cost_divisor (per unit, or per token). */
function livePricing(s: LiveService, category: ServiceCategory): ServiceSummary["pricing"] | undefined {
  const pred = s.predictions?.[s.default_prediction ?? ""] ?? Object.values(s.predictions ?? {})[0];
  if (!pred) return undefined;
  const divisor = num(pred.cost_divisor) ?? 1;
  if (divisor <= 0) return undefined;
  const cost = pred.cost;
  if (cost && typeof cost === "object") {
    const c = cost as Record<string, unknown>;
    const input = num(c.input);
    const output = num(c.output);
    if (input === undefined && output === undefined) return undefined;
    return {
      source: "live",
      inputPer1M: input === undefined ? undefined : (input / divisor) * 1e6,
      outputPer1M: output === undefined ? undefined : (output / divisor) * 1e6,
      note: "per 1M tokens, as listed live",
    };
  }
  const n = num(cost);
  if (n === undefined) return undefined;
  const unit =
    category === "video"
      ? "video"
      : category === "audio"
        ? "audio"
        : category === "text"
          ? "request"
          : "image";
  return { source: "live", perUnitUsd: n / divisor, unit };
}

export function summarizeLive(s: LiveService): ServiceSummary {
  const known = catalogEntry(s.alias);
  const category = known?.category ?? categorize(s.alias, s.name ?? "");
  const defaultPrediction = s.default_prediction ?? undefined;
  const pred = s.predictions?.[defaultPrediction ?? ""] ?? Object.values(s.predictions ?? {})[0];
  const inputFields: InputField[] = pred?.input_vars
    ? Object.entries(pred.input_vars).map(([name, v]) => ({
        name,
        type: v.type ?? "string",
        required: v.required ?? false,
        ...(v.default !== undefined || v.default_value !== undefined
          ? { default: v.default ?? v.default_value }
          : {}),
        description: v.description ?? undefined,
      }))
    : (known?.inputs ?? []);
  const pricing =
    livePricing(s, category) ??
    (known ? { ...known.pricing, source: "catalog" as const } : { source: "unknown" as const });
  return {
    source: "live",
    alias: s.alias,
    name: s.name ?? known?.name ?? s.alias,
    category,
    state: s.state ?? undefined,
    defaultPrediction,
    predictions: Object.keys(s.predictions ?? {}),
    inputFields,
    fileFields: inputFields.filter((i) => i.type === "filename").map((i) => i.name),
    outputField: known?.outputField,
    pricing,
    chat: known?.chat ?? category === "text",
    workers: s.workers,
    updateTime: s.update_time ?? undefined,
  };
}

export function summarizeCatalog(e: CatalogEntry): ServiceSummary {
  return {
    source: "catalog",
    alias: e.alias,
    name: e.name,
    category: e.category,
    defaultPrediction: e.defaultPrediction,
    predictions: e.defaultPrediction ? [e.defaultPrediction] : [],
    inputFields: e.inputs,
    fileFields: e.inputs.filter((i) => i.type === "filename").map((i) => i.name),
    outputField: e.outputField,
    pricing: Object.keys(e.pricing).length ? { ...e.pricing, source: "catalog" } : { source: "unknown" },
    chat: e.chat ?? false,
  };
}

export const catalogSummaries = (): ServiceSummary[] => CATALOG.map(summarizeCatalog);
