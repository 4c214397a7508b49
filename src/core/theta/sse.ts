/** Server-sent events: parses `data:` lines into JSON chunks, ending at `data: [DONE]`. */
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
}

/** Folds OpenAI-style chat chunks into one message (content, reasoning, finish reason, usage). */
export function foldChatChunk(acc: ChatStreamSummary, chunk: unknown): ChatStreamSummary {
  const c = chunk as {
    id?: string;
    model?: string;
    usage?: unknown;
    choices?: Array<{
      delta?: { content?: string | null; reasoning?: string | null; reasoning_content?: string | null };
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
  };
}
