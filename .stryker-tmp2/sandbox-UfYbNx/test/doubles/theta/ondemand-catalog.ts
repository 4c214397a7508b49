/** Serialises service definitions into the live /service/list shape, and describes their outputs. */
// @ts-nocheck

import type { Kind, ServiceDef } from "./ondemand-services.js";
import { serviceId, templateId } from "./ondemand-services.js";

const SEED_TIME = "2026-08-01T12:00:00.000Z";

/** Output field → file extension (files are served from /outputs). Text fields have no extension. */
export function outputFiles(kind: Kind): Record<string, string> {
  switch (kind) {
    case "image":
    case "detect":
      return { image_url: "png" };
    case "video":
      return { video_url: "mp4" };
    case "audio":
      return { audio_url: "wav" };
    default:
      return {};
  }
}

function outputVars(kind: Kind): Record<string, unknown> {
  const url = (f: string) => ({
    type: "url",
    action: "download",
    results_path: f,
    description: `${f} of the result`,
  });
  const txt = (f: string) => ({
    type: "string",
    action: "display",
    results_path: f,
    description: `${f} of the result`,
  });
  switch (kind) {
    case "image":
      return { image_url: url("image_url") };
    case "video":
      return { video_url: url("video_url") };
    case "audio":
      return { audio_url: url("audio_url") };
    case "detect":
      return { image_url: url("image_url"), boxes: { ...txt("boxes"), type: "array" } };
    case "llm":
      return { message: txt("message") };
    default:
      return { text: txt("text") };
  }
}

function priceText(s: ServiceDef): string {
  if (typeof s.cost === "number") return `$${(s.cost / s.costDivisor).toFixed(4)} per request`;
  return `input=${s.cost.input}/output=${s.cost.output}, divisor=${s.costDivisor} per token`;
}

export function serviceJson(s: ServiceDef, expand: boolean): Record<string, unknown> {
  const predictions: Record<string, unknown> = {};
  Object.entries(s.predictions).forEach(([name, inputs], rank) => {
    predictions[name] = {
      rank,
      func_type: s.kind === "llm" ? "chat" : "predict",
      instructions: priceText(s),
      cost: s.cost,
      cost_divisor: s.costDivisor,
      input_vars: inputs,
      output_vars: outputVars(s.kind),
      external_price_tier: null,
      variants: s.variants,
    };
  });
  const variantTemplates: Record<string, unknown> = {};
  for (const v of s.variants) {
    variantTemplates[v] = { template_id: templateId(`${s.alias}:${v}`), min_vram: 16, min_ram: 32 };
  }
  const out: Record<string, unknown> = {
    id: serviceId(s.alias),
    name: s.name,
    alias: s.alias,
    state: "public",
    template_id: templateId(s.alias),
    workload_type: s.kind === "llm" ? "llm" : "inference",
    default_prediction: s.defaultPrediction,
    predictions,
    cost: s.cost,
    cost_divisor: s.costDivisor,
    min_vram: s.kind === "llm" ? 80 : 16,
    min_ram: 32,
    executions: 1000,
    rank: 1,
    variant_templates: variantTemplates,
    workers: 2,
    create_time: SEED_TIME,
    update_time: SEED_TIME,
  };
  if (expand) {
    out.template = {
      id: templateId(s.alias),
      name: s.name,
      container_image: `thetalabsofficial/${s.alias}:latest`,
    };
  }
  return out;
}
