// @ts-nocheck
import { z } from "zod";

export const TERMINAL_STATES = ["success", "error", "failed", "cancelled"] as const;

export const inferRequestSchema = z.looseObject({
  id: z.string().regex(/^infr_rqst_/, 'an id starting "infr_rqst_"'),
  state: z.string(),
  service_id: z.string().nullish(),
  prediction: z.string().nullish(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error_message: z.string().nullish(),
  error: z.unknown().optional(),
  cost_usd: z.unknown().optional(),
  create_time: z.string().nullish(),
  update_time: z.string().nullish(),
});
export type InferRequest = z.output<typeof inferRequestSchema>;

export const inferEnvelopeBody = z.looseObject({
  infer_requests: z.array(inferRequestSchema).min(1, "at least one infer request"),
  model_quotas: z.array(z.looseObject({})).nullish(),
});

export function isTerminal(state: string): boolean {
  return (TERMINAL_STATES as readonly string[]).includes(state);
}

/** Every http(s) URL in a request's output (image_url, video_url, audio_url, url, urls[] …). */
export function outputUrls(req: { output?: unknown }): string[] {
  const urls: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4) return;
    if (typeof v === "string" && /^https?:\/\//i.test(v)) urls.push(v);
    else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (v && typeof v === "object") for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(req.output, 0);
  return [...new Set(urls)];
}

/** The text an output carries (LLM message, caption, transcript), if any. */
export function outputText(req: { output?: unknown }): string | undefined {
  const o = req.output as Record<string, unknown> | null | undefined;
  if (!o || typeof o !== "object") return typeof o === "string" ? o : undefined;
  for (const k of ["message", "text", "caption", "answer", "transcript"]) {
    if (typeof o[k] === "string") return o[k] as string;
  }
  return undefined;
}

/** The error text of a failed request (either field name). */
export function requestError(req: InferRequest): string | undefined {
  if (req.error_message) return req.error_message;
  if (typeof req.error === "string") return req.error;
  return undefined;
}

/** Live service discovery shapes (MCP types), loose: only what the bot reads is checked. */
export const predictionSchema = z.looseObject({
  cost: z.unknown().optional(),
  cost_divisor: z.union([z.number(), z.string()]).nullish(),
  instructions: z.string().nullish(),
  input_vars: z
    .record(
      z.string(),
      z.looseObject({
        type: z.string().nullish(),
        required: z.boolean().nullish(),
        default: z.unknown().optional(),
        default_value: z.unknown().optional(),
        description: z.string().nullish(),
      }),
    )
    .nullish(),
  output_vars: z.record(z.string(), z.unknown()).nullish(),
});
export const serviceSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  alias: z.string(),
  state: z.string().nullish(),
  default_prediction: z.string().nullish(),
  predictions: z.record(z.string(), predictionSchema).nullish(),
  workers: z.unknown().optional(),
  update_time: z.string().nullish(),
});
export type LiveService = z.output<typeof serviceSchema>;
export const serviceListBody = z.looseObject({ services: z.array(serviceSchema).nullish() });
