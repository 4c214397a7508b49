/** OpenAI-shaped chat answers (JSON and SSE chunks), shared by the on-demand and dedicated doubles. */
// @ts-nocheck

import { chooseTool, groundedReply } from "./chat-grounded.js";
import { promptTokens } from "./ondemand-infer.js";
import { now, randId, words } from "./util.js";

export interface ChatRequest {
  model: string;
  messages: unknown;
  maxTokens?: number | undefined;
  tools?: unknown;
  toolChoice?: unknown;
  /** gpt-oss: "reasoning", GLM: "reasoning_content" */
  reasoningField?: "reasoning" | "reasoning_content" | undefined;
  /** completion id (defaults to chatcmpl-…) */
  id?: string | undefined;
}

interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatResult {
  id: string;
  content: string | null;
  reasoning?: string | undefined;
  toolCalls?: ToolCall[] | undefined;
  finishReason: "stop" | "length" | "tool_calls";
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .map((t: { function?: { name?: unknown } } | null) => t?.function?.name)
    .filter((n): n is string => typeof n === "string");
}

export function answer(req: ChatRequest): ChatResult {
  const full = groundedReply(req.messages);
  const prompt = promptTokens(req.messages);
  const tool = chooseTool(req.messages, toolNames(req.tools), req.toolChoice);
  const id = req.id ?? `chatcmpl-${randId(24)}`;
  const reasoning = req.reasoningField ? "Thinking about the request." : undefined;
  if (tool !== undefined) {
    const call: ToolCall = {
      id: `call_${randId(16)}`,
      type: "function",
      function: { name: tool, arguments: "{}" },
    };
    const usage = { prompt_tokens: prompt, completion_tokens: 8, total_tokens: prompt + 8 };
    return { id, content: null, reasoning, toolCalls: [call], finishReason: "tool_calls", usage };
  }
  let out = words(full);
  let finishReason: ChatResult["finishReason"] = "stop";
  if (req.maxTokens !== undefined && req.maxTokens >= 0 && out.length > req.maxTokens) {
    out = out.slice(0, req.maxTokens);
    finishReason = "length";
  }
  const content = out.join(" ");
  const usage = { prompt_tokens: prompt, completion_tokens: out.length, total_tokens: prompt + out.length };
  return { id, content, reasoning, finishReason, usage };
}

export function completionJson(req: ChatRequest, r: ChatResult): Record<string, unknown> {
  const message: Record<string, unknown> = { role: "assistant", content: r.content };
  if (req.reasoningField && r.reasoning) message[req.reasoningField] = r.reasoning;
  if (r.toolCalls) message.tool_calls = r.toolCalls;
  return {
    id: r.id,
    object: "chat.completion",
    created: Math.floor(now() / 1000),
    model: req.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: r.finishReason }],
    usage: r.usage,
  };
}

/** SSE payloads (without the `data: ` prefix), ending with [DONE]; paced over `totalMs` after `firstMs`. */
export async function* chunks(
  req: ChatRequest,
  r: ChatResult,
  pace: { firstMs: number; totalMs: number; sleep: (ms: number) => Promise<void> },
): AsyncGenerator<string> {
  const created = Math.floor(now() / 1000);
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) =>
    JSON.stringify({
      id: r.id,
      object: "chat.completion.chunk",
      created,
      model: req.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    });
  const deltas: Record<string, unknown>[] = [];
  if (req.reasoningField && r.reasoning) deltas.push({ [req.reasoningField]: r.reasoning });
  const parts = r.content ? words(r.content) : [];
  parts.forEach((w, i) => {
    deltas.push({ content: i === 0 ? w : ` ${w}` });
  });
  if (r.toolCalls) deltas.push({ tool_calls: r.toolCalls.map((c, index) => ({ index, ...c })) });
  await pace.sleep(pace.firstMs);
  yield chunk({ role: "assistant", content: "" }, null);
  const step = deltas.length > 0 ? pace.totalMs / deltas.length : 0;
  for (const d of deltas) {
    await pace.sleep(step);
    yield chunk(d, null);
  }
  yield chunk({}, r.finishReason, { usage: r.usage });
  yield "[DONE]";
}
