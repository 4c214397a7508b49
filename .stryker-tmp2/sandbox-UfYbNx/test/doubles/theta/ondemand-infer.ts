/** Infer-request records: validation, the time-driven state machine and the TTS/MCP-shaped view. */
// @ts-nocheck

import { groundedReply } from "./chat-grounded.js";
import type { Core } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest } from "./envelope.js";
import { outputFiles } from "./ondemand-catalog.js";
import type { ServiceDef } from "./ondemand-services.js";
import { serviceId, templateId } from "./ondemand-services.js";
import type { InferRecord } from "./state.js";
import { iso, now, randId, str, words } from "./util.js";
import { scheduleWebhook } from "./webhooks.js";

export type InferState = "pending" | "processing" | "success" | "error";

export function terminalAt(r: InferRecord): number {
  return r.createdAt + r.pendingMs + r.processingMs;
}

export function stateOf(r: InferRecord, t = now()): InferState {
  if (t < r.createdAt + r.pendingMs) return "pending";
  if (t < terminalAt(r)) return "processing";
  return r.outcome.state;
}

/** Text of the last user message (string content or OpenAI content parts). */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    if (Array.isArray(m.content)) {
      return m.content.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join(" ");
    }
  }
  return "";
}

export function llmReply(messages: unknown): string {
  return `Theta double reply to: ${lastUserText(messages)}`;
}

export function promptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  return messages.reduce<number>(
    (n, m: { content?: unknown }) => n + words(JSON.stringify(m?.content ?? "")).length,
    0,
  );
}

function isUrl(v: string): boolean {
  return /^https?:\/\//i.test(v);
}

/** Checks required inputs and filename inputs; returns a 400 reply or undefined. */
export function validateInput(
  core: Core,
  s: ServiceDef,
  prediction: string,
  input: Record<string, unknown>,
): Reply | undefined {
  const spec = s.predictions[prediction] ?? {};
  for (const [name, v] of Object.entries(spec)) {
    const value = input[name];
    if (v.required && (value === undefined || value === null || value === "")) {
      return badRequest(`missing required input field: ${name}`);
    }
    if (v.type === "filename" && typeof value === "string" && !isUrl(value)) {
      if (!core.state.ondemandUploads.get(value)?.uploaded)
        return badRequest(`input file not found: ${value}`);
    }
  }
  return undefined;
}

export function createRecord(
  core: Core,
  s: ServiceDef,
  prediction: string,
  payload: { input: Record<string, unknown>; variant?: string | undefined; webhook?: string | undefined },
): InferRecord {
  const id = `infr_rqst_${randId(20)}`;
  const files = outputFiles(s.kind);
  const output: Record<string, unknown> = {};
  for (const [field, ext] of Object.entries(files)) {
    output[field] = `${core.url}/outputs/${serviceId(s.alias)}/${core.opts.projectId}/${id}_${field}.${ext}`;
  }
  const input = payload.input;
  let usage = { input: 0, output: 1 };
  if (s.kind === "detect") {
    output.boxes = [{ label: str(input.detection_prompt) ?? "object", box: [1, 1, 6, 6], score: 0.87 }];
  } else if (s.kind === "stt") {
    output.text = `transcript of ${str(input.audio_filename) ?? "audio"}`;
  } else if (s.kind === "caption") {
    output.text = "a caption";
  } else if (s.kind === "vqa") {
    output.text = "answer";
  } else if (s.kind === "llm") {
    output.message = groundedReply(input.messages);
    usage = { input: promptTokens(input.messages), output: words(String(output.message)).length };
  }
  const timing = core.opts.inferTimingFor(s.alias, input) ?? core.opts.inferTiming;
  const rec: InferRecord = {
    id,
    alias: s.alias,
    prediction,
    variant: payload.variant ?? null,
    webhook: payload.webhook ?? null,
    input,
    createdAt: now(),
    pendingMs: timing.pendingMs,
    processingMs: timing.processingMs,
    outcome: core.state.outcomes.get(s.alias) ?? { state: "success" },
    output,
    files,
    usage,
  };
  core.state.infer.set(id, rec);
  scheduleWebhook(core, s, rec, inferView, terminalAt(rec) - now());
  return rec;
}

function costUsd(s: ServiceDef, r: InferRecord): { input: number; output: number } {
  if (typeof s.cost === "number") return { input: 0, output: s.cost / s.costDivisor };
  return {
    input: (r.usage.input * s.cost.input) / s.costDivisor,
    output: (r.usage.output * s.cost.output) / s.costDivisor,
  };
}

export function inferView(core: Core, s: ServiceDef, r: InferRecord): Record<string, unknown> {
  const t = now();
  const state = stateOf(r, t);
  const assigned = r.createdAt + r.pendingMs;
  const done = terminalAt(r);
  const terminal = state === "success" || state === "error";
  return {
    id: r.id,
    org_id: core.opts.orgId,
    project_id: core.opts.projectId,
    service_id: serviceId(s.alias),
    template_id: templateId(s.alias),
    prediction: r.prediction,
    variant: r.variant,
    webhook: r.webhook,
    community_worker_only: false,
    state,
    infer_endpoint_id: state === "pending" ? null : `infr_ep_${r.id.slice(10, 26)}`,
    usage: terminal ? r.usage : null,
    prediction_cost: typeof s.cost === "number" ? { input: 0, output: s.cost } : s.cost,
    prediction_cost_divisor: s.costDivisor,
    cost_usd: state === "success" ? costUsd(s, r) : null,
    input: r.input,
    output: state === "success" ? r.output : null,
    create_time: iso(r.createdAt),
    update_time: iso(Math.min(t, terminal ? done : state === "processing" ? assigned : r.createdAt)),
    assigned_time: state === "pending" ? null : iso(assigned),
    process_time: state === "pending" ? null : iso(assigned),
    success_time: state === "success" ? iso(done) : null,
    error_message: state === "error" && r.outcome.state === "error" ? r.outcome.message : null,
    error_time: state === "error" ? iso(done) : null,
    is_new: false,
  };
}

export function modelQuotas(core: Core, s: ServiceDef): Record<string, unknown>[] {
  const t = now();
  const mine = [...core.state.infer.values()].filter((r) => r.alias === s.alias);
  const tenMin = mine.filter((r) => t - r.createdAt < 600_000).length;
  const day = mine.filter((r) => t - r.createdAt < 86_400_000).length;
  return [
    {
      template_id: templateId(s.alias),
      ten_min_quota: 100,
      ten_min_remaining: Math.max(0, 100 - tenMin),
      daily_quota: 2000,
      daily_remaining: Math.max(0, 2000 - day),
    },
  ];
}
