/** Dedicated deployment endpoint (prefix /dedicated): vLLM OpenAI API + Gradio /config, with warm-up. */
// @ts-nocheck

import * as auth from "./auth.js";
import { answer, type ChatRequest, chunks, completionJson } from "./chat.js";
import type { Ctx, Route } from "./context.js";
import { jsonBody, route, runRoutes } from "./context.js";
import type { Reply } from "./envelope.js";
import { json, sse, text } from "./envelope.js";
import { str } from "./util.js";

export const DEDICATED_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
const CREATED = 1_754_049_600;

const nginx = (status: number, title: string) =>
  text(
    status,
    `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    "text/html",
  );

/** What a not-yet-ready endpoint answers. */
export function warmupReply(status: number): Reply {
  switch (status) {
    case 404:
      return text(404, "404 page not found\n");
    case 500:
      return json(500, { detail: "Internal Server Error: model is still loading" });
    case 502:
      return nginx(502, "Bad Gateway");
    case 503:
      return nginx(503, "Service Temporarily Unavailable");
    case 504:
      return nginx(504, "Gateway Time-out");
    default:
      return text(status, `${status} warming up\n`);
  }
}

function vllmError(status: number, message: string, type: string): Reply {
  return json(status, { object: "error", message, type, param: null, code: status });
}

function chat(ctx: Ctx): Reply {
  const b = jsonBody(ctx);
  if (!b) return vllmError(400, "request body must be a JSON object", "BadRequestError");
  const model = str(b.model) ?? "default";
  if (model !== DEDICATED_MODEL && model !== "default") {
    return vllmError(404, `The model \`${model}\` does not exist.`, "NotFoundError");
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0) {
    return vllmError(400, "messages is required", "BadRequestError");
  }
  const req: ChatRequest = {
    model: DEDICATED_MODEL,
    messages: b.messages,
    maxTokens: typeof b.max_tokens === "number" ? b.max_tokens : undefined,
    tools: b.tools,
    toolChoice: b.tool_choice,
  };
  const r = answer(req);
  if (b.stream === true) return sse(chunks(req, r, { firstMs: 0, totalMs: 0, sleep: ctx.core.sleep }));
  return json(200, completionJson(req, r));
}

const routes: Route[] = [
  route("GET", "/v1/models", () =>
    json(200, {
      object: "list",
      data: [
        { id: DEDICATED_MODEL, object: "model", created: CREATED, owned_by: "vllm", root: DEDICATED_MODEL },
      ],
    }),
  ),
  route("POST", "/v1/chat/completions", chat),
  route("GET", "/config", () =>
    json(200, { version: "3.41.2", mode: "blocks", title: "Gradio", components: [], dependencies: [] }),
  ),
];

export function handleDedicated(ctx: Ctx): Promise<Reply> | Reply {
  const rejected = auth.dedicated(ctx);
  if (rejected) return rejected;
  const next = ctx.core.state.warmup.shift();
  if (next !== undefined) return warmupReply(next);
  return runRoutes(routes, ctx);
}
