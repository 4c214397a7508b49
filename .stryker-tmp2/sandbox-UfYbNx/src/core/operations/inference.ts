// @ts-nocheck
import { z } from "zod";
import { usageError } from "../errors.js";
import { defineOperation } from "./define.js";

/** A per-call endpoint would let chat input choose a host: refused. */
const noEndpoint = (v: unknown) => {
  if (v && typeof v === "object" && "endpoint" in v) {
    throw usageError(
      "ENDPOINT_OVERRIDE_DISABLED",
      "args.endpoint override is disabled for security. Set THETA_INFERENCE_ENDPOINT instead.",
    );
  }
  return v;
};

export const models = defineOperation({
  name: "theta.inference.models",
  summary: "Models served by the dedicated endpoint (/v1/models)",
  input: z.preprocess(noEndpoint, z.object({}).strict()),
  families: ["inference"],
  mutating: false,
  paid: false,
  handler: (_i, ctx) => ctx.client.inference.models(),
});

export const chat = defineOperation({
  name: "theta.inference.chat",
  summary: "Chat completion on the dedicated OpenAI-compatible endpoint",
  input: z.preprocess(
    (v) => {
      noEndpoint(v);
      if (v && typeof v === "object" && "body" in v) return (v as { body: unknown }).body;
      return v;
    },
    z.looseObject({
      messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })).min(1),
      model: z.string().optional(),
      max_tokens: z.number().int().positive().optional(),
      temperature: z.number().min(0).max(2).optional(),
      top_p: z.number().min(0).max(1).optional(),
    }),
  ),
  families: ["inference"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => {
    const model = i.model ?? ctx.client.credentials.inference?.model;
    const completion = await ctx.client.inference.chat({ ...i, ...(model ? { model } : {}) });
    const choice = (completion.choices as Array<{ message?: { content?: unknown } }> | undefined)?.[0];
    return { text: typeof choice?.message?.content === "string" ? choice.message.content : "", completion };
  },
  render: (r) => (r as { text: string }).text,
});

export const ready = defineOperation({
  name: "theta.inference.ready",
  summary: "Wait until the dedicated endpoint answers (warm-up 404/5xx retried, default 2 min)",
  input: z.preprocess(
    noEndpoint,
    z
      .object({
        probe: z.enum(["openai", "gradio"]).default("openai"),
        timeoutMs: z.number().int().min(1000).max(1_800_000).optional(),
        intervalMs: z.number().int().min(100).max(60_000).optional(),
      })
      .strict(),
  ),
  families: ["inference"],
  mutating: false,
  paid: false,
  long: true,
  handler: async (i, ctx) => {
    const r = await ctx.client.inference.ready({
      probe: i.probe,
      timeoutMs: i.timeoutMs ?? ctx.config.inferenceReady.timeoutMs,
      intervalMs: i.intervalMs ?? ctx.config.inferenceReady.intervalMs,
      signal: ctx.signal,
      onAttempt: (a) =>
        ctx.progress({
          stage: a.status === "ok" ? "ready" : "warming up",
          message: `probe ${a.attempt}: ${a.status}`,
        }),
    });
    return {
      ready: r.ready,
      attempts: r.attempts,
      elapsedMs: r.elapsedMs,
      statuses: r.statuses,
      probe: r.probe,
    };
  },
});
