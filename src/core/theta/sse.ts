import { createParser, type EventSourceMessage } from "eventsource-parser";
import { BotError } from "../errors.js";

/**
 * Server-sent events (eventsource-parser: CR, LF and CRLF line endings, multi-line data, a last
 * event without its blank line): yields each event's `data` parsed as JSON, ends at `[DONE]`.
 * An `event: error` ends the stream with Theta's message; other named events are skipped, and so
 * are non-JSON keep-alives.
 */
export async function* parseSse(source: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => pending.push(e) });
  const drain = function* (): Generator<unknown | typeof DONE> {
    while (pending.length) {
      const e = pending.shift()!;
      if (e.data === "[DONE]") {
        yield DONE;
        return;
      }
      const value = tryJson(e.data);
      if (e.event === "error") throw streamError(value, e.data);
      if (e.event && e.event !== "message") continue;
      if (value !== undefined) yield value;
    }
  };
  for await (const chunk of source) {
    parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    for (const v of drain()) {
      if (v === DONE) return;
      yield v;
    }
  }
  // A last event the server did not close with a blank line still counts.
  parser.feed(`${decoder.decode()}\n\n`);
  for (const v of drain()) {
    if (v === DONE) return;
    yield v;
  }
}

const DONE = Symbol("done");

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function streamError(value: unknown, raw: string): BotError {
  const v = value as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = v?.error?.message ?? v?.message ?? raw;
  return new BotError({
    code: "theta_stream_error",
    family: "ondemand",
    message: `Theta ended the stream with an error: ${String(message)}`,
  });
}

export interface ChatStreamSummary {
  id?: string | undefined;
  model?: string | undefined;
  content: string;
  reasoning: string;
  finishReason?: string | undefined;
  usage?: unknown;
  chunks: number;
  /** Tool calls assembled from their streamed pieces (OpenAI sends arguments in fragments by index). */
  toolCalls?: StreamedToolCall[] | undefined;
}

export interface StreamedToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

type ToolCallDelta = {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
};

function foldToolCalls(
  calls: StreamedToolCall[] | undefined,
  deltas: ToolCallDelta[] | undefined,
): StreamedToolCall[] | undefined {
  if (!Array.isArray(deltas) || deltas.length === 0) return calls;
  const out = (calls ?? []).map((c) => ({ ...c, function: { ...c.function } }));
  for (const d of deltas) {
    const index = typeof d.index === "number" ? d.index : out.length;
    const cur = out[index] ?? { id: "", type: "function" as const, function: { name: "", arguments: "" } };
    if (d.id) cur.id = d.id;
    if (d.function?.name) cur.function.name += d.function.name;
    if (d.function?.arguments) cur.function.arguments += d.function.arguments;
    out[index] = cur;
  }
  return out;
}

/** Folds OpenAI-style chat chunks into one message (content, reasoning, finish reason, usage). */
export function foldChatChunk(acc: ChatStreamSummary, chunk: unknown): ChatStreamSummary {
  const c = chunk as {
    id?: string;
    model?: string;
    usage?: unknown;
    choices?: Array<{
      delta?: {
        content?: string | null;
        reasoning?: string | null;
        reasoning_content?: string | null;
        tool_calls?: ToolCallDelta[];
      };
      finish_reason?: string | null;
    }>;
  };
  const choice = c.choices?.[0];
  return {
    id: acc.id ?? c.id,
    model: acc.model ?? c.model,
    content: acc.content + (choice?.delta?.content ?? ""),
    reasoning: acc.reasoning + (choice?.delta?.reasoning ?? choice?.delta?.reasoning_content ?? ""),
    finishReason: choice?.finish_reason ?? acc.finishReason,
    usage: c.usage ?? acc.usage,
    chunks: acc.chunks + 1,
    toolCalls: foldToolCalls(acc.toolCalls, choice?.delta?.tool_calls),
  };
}
