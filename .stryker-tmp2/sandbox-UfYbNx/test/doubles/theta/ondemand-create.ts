/** POST /infer_request/{alias}[/{prediction}] and POST /infer_request/chat/completions. */
// @ts-nocheck

import { answer, type ChatRequest, chunks, completionJson } from "./chat.js";
import type { Ctx } from "./context.js";
import { jsonBody } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest, fail, json, notFound, ok, sse } from "./envelope.js";
import { createRecord, inferView, modelQuotas, terminalAt, validateInput } from "./ondemand-infer.js";
import type { ServiceDef } from "./ondemand-services.js";
import { findService } from "./ondemand-services.js";
import { asRecord, now, str } from "./util.js";

export const MAX_WAIT_S = 60;

/** A service that exists AND is in the live set. */
export function liveService(ctx: Ctx, aliasOrId: string): ServiceDef | undefined {
  const s = findService(aliasOrId);
  return s && ctx.core.state.liveServices.has(s.alias) ? s : undefined;
}

export function reasoningField(alias: string): ChatRequest["reasoningField"] {
  if (alias.startsWith("glm_")) return "reasoning_content";
  if (alias.startsWith("gpt_oss")) return "reasoning";
  return undefined;
}

function waitSeconds(ctx: Ctx, body: Record<string, unknown>): number {
  const raw = ctx.query.get("wait") ?? body.wait;
  const n = typeof raw === "number" ? raw : Number(raw ?? 0);
  return Number.isFinite(n) ? Math.min(MAX_WAIT_S, Math.max(0, n)) : 0;
}

export async function createInfer(ctx: Ctx, [alias = "", pathPrediction]: string[]): Promise<Reply> {
  const core = ctx.core;
  const s = liveService(ctx, alias);
  if (!s) return notFound("service not found");
  const b = jsonBody(ctx);
  if (!b) return badRequest("request body must be a JSON object");
  const input = asRecord(b.input);
  if (!input) return badRequest('"input" is required and must be an object');
  const prediction = pathPrediction ?? ctx.query.get("prediction") ?? s.defaultPrediction;
  if (!(prediction in s.predictions))
    return badRequest(`unknown prediction "${prediction}" for service ${s.alias}`);
  const variant = str(b.variant);
  if (variant !== undefined && !s.variants.includes(variant))
    return badRequest(`unknown variant "${variant}"`);
  const invalid = validateInput(core, s, prediction, input);
  if (invalid) return invalid;
  const rec = createRecord(core, s, prediction, { input, variant, webhook: str(b.webhook) });
  if (s.kind === "llm") {
    const req: ChatRequest = {
      model: s.alias,
      messages: input.messages,
      maxTokens: typeof input.max_tokens === "number" ? input.max_tokens : undefined,
      reasoningField: reasoningField(s.alias),
      id: rec.id,
    };
    const r = answer(req);
    rec.output.message = r.content;
    rec.usage = { input: r.usage.prompt_tokens, output: r.usage.completion_tokens };
    if (input.stream === true) {
      if (rec.outcome.state === "error") {
        await core.sleep(terminalAt(rec) - now());
        return fail(500, rec.outcome.message);
      }
      return sse(chunks(req, r, { firstMs: rec.pendingMs, totalMs: rec.processingMs, sleep: core.sleep }));
    }
  }
  const wait = waitSeconds(ctx, b);
  if (wait > 0) await core.sleep(Math.min(terminalAt(rec) - now(), wait * 1000));
  return ok({ infer_requests: [inferView(core, s, rec)], model_quotas: modelQuotas(core, s) });
}

export async function chatCompletions(ctx: Ctx): Promise<Reply> {
  const core = ctx.core;
  const b = jsonBody(ctx);
  if (!b) return badRequest("request body must be a JSON object");
  const model = str(b.model);
  if (!model) return badRequest('"model" is required');
  const s = liveService(ctx, model);
  if (!s) return notFound("service not found");
  if (s.kind !== "llm") return badRequest(`service ${s.alias} does not support chat completions`);
  if (!Array.isArray(b.messages) || b.messages.length === 0) return badRequest('"messages" is required');
  const { pendingMs, processingMs } = core.opts.inferTiming;
  const outcome = core.state.outcomes.get(s.alias);
  if (outcome?.state === "error") {
    await core.sleep(pendingMs + processingMs);
    return fail(500, outcome.message);
  }
  const req: ChatRequest = {
    model: s.alias,
    messages: b.messages,
    maxTokens: typeof b.max_tokens === "number" ? b.max_tokens : undefined,
    tools: b.tools,
    toolChoice: b.tool_choice,
    reasoningField: reasoningField(s.alias),
  };
  const r = answer(req);
  if (b.stream === false) {
    await core.sleep(pendingMs + processingMs);
    return json(200, completionJson(req, r));
  }
  return sse(chunks(req, r, { firstMs: pendingMs, totalMs: processingMs, sleep: core.sleep }));
}
