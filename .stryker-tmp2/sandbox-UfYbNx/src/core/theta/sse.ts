/** Server-sent events: parses `data:` lines into JSON chunks, ending at `data: [DONE]`. */
// @ts-nocheck

export async function* parseSse(source: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of source) {
    buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let idx = buffer.search(/\r?\n\r?\n/);
    while (idx >= 0) {
      const event = buffer.slice(0, idx);
      buffer = buffer.slice(idx).replace(/^\r?\n\r?\n/, "");
      const data = event
        .split(/\r?\n/)
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data === "[DONE]") return;
      if (data) {
        try {
          yield JSON.parse(data);
        } catch {
          // a keep-alive or non-JSON line: skip it
        }
      }
      idx = buffer.search(/\r?\n\r?\n/);
    }
  }
  const tail = buffer.trim();
  if (tail.startsWith("data:")) {
    const data = tail.slice(5).trim();
    if (data && data !== "[DONE]") {
      try {
        yield JSON.parse(data);
      } catch {
        // incomplete trailing event
      }
    }
  }
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
