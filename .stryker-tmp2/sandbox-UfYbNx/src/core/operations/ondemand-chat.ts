// @ts-nocheck
import { z } from "zod";
import { BotError, usageError } from "../errors.js";
import { CATALOG } from "../theta/ondemand-catalog.js";
import { pollUntilDone } from "../theta/ondemand-poll.js";
import { isTerminal, requestError } from "../theta/ondemand-types.js";
import { defineOperation, type OperationContext } from "./define.js";
import { estimateTokens, serviceQuote } from "./quote.js";

/** Chat models served on the OpenAI-compatible route (structured tool calls work there). */
export const OPENAI_ROUTE_MODELS = new Set(["gpt_oss_120b", "glm_5_3", "glm_5_3_flash"]);
const KNOWN_CHAT = new Set(CATALOG.filter((e) => e.chat).map((e) => e.alias));
/** Preference order when no service is named: fast, cheap, reliably live first. */
export const CHAT_PREFERENCE = [
  "glm_5_3_flash",
  "glm_5_3",
  "gpt_oss_120b",
  "qwen3",
  "llama_3_1_70b",
  "glm_5_2",
];

const message = z.looseObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.unknown(),
});

export const chatInput = z
  .object({
    messages: z.array(message).min(1),
    service: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .optional(),
    max_tokens: z.number().int().min(1).max(32_768).optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    stream: z.boolean().default(false),
    reasoning_effort: z.enum(["low", "medium", "high", "max"]).optional(),
    tools: z.array(z.unknown()).optional(),
    tool_choice: z.unknown().optional(),
    wait: z.number().int().min(0).max(60).optional(),
    prediction: z.string().optional(),
    variant: z.string().optional(),
    allowUnknownService: z.boolean().default(false),
  })
  .strict();

/** The first live chat service in preference order, else the first preference. */
export async function pickChatService(ctx: Pick<OperationContext, "discover">): Promise<string> {
  const d = await ctx.discover();
  const live = new Set(d.services.filter((s) => s.chat || s.category === "text").map((s) => s.alias));
  return CHAT_PREFERENCE.find((a) => live.has(a)) ?? CHAT_PREFERENCE[0]!;
}

export const chat = defineOperation({
  name: "theta.ondemand.chat",
  summary: "Chat completion on a Theta-hosted LLM (on-demand; default model from live discovery)",
  input: chatInput,
  families: ["ondemand"],
  mutating: true,
  paid: true,
  handler: async (i, ctx) => {
    const svc = i.service ?? (await pickChatService(ctx));
    if (!KNOWN_CHAT.has(svc) && !i.allowUnknownService) {
      throw usageError(
        "INVALID_ONDEMAND_SERVICE",
        `${svc} is not a known chat service (${[...KNOWN_CHAT].join(", ")}); pass allowUnknownService to try it anyway.`,
      );
    }
    const od = ctx.client.ondemand;
    const maxTokens = i.max_tokens ?? (svc === "gpt_oss_120b" ? 1800 : undefined);
    const common = {
      messages: i.messages,
      ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
      ...(i.temperature === undefined ? {} : { temperature: i.temperature }),
      ...(i.top_p === undefined ? {} : { top_p: i.top_p }),
      ...(i.reasoning_effort
        ? { reasoning_effort: i.reasoning_effort }
        : svc === "gpt_oss_120b"
          ? { reasoning_effort: "low" }
          : {}),
    };
    if (OPENAI_ROUTE_MODELS.has(svc) || i.tools) {
      const completion = await od.chatCompletions(
        {
          model: svc,
          ...common,
          stream: i.stream,
          ...(i.tools ? { tools: i.tools } : {}),
          ...(i.tool_choice === undefined ? {} : { tool_choice: i.tool_choice }),
        },
        (acc) => ctx.progress({ stage: "streaming", partial: acc.content }),
      );
      const choice = (
        completion.choices as Array<{ message?: { content?: unknown; tool_calls?: unknown } }> | undefined
      )?.[0];
      return {
        service: svc,
        route: "chat/completions",
        text: typeof choice?.message?.content === "string" ? choice.message.content : "",
        toolCalls: choice?.message?.tool_calls,
        completion,
      };
    }
    let { request } = await od.infer(svc, {
      input: { ...common, stream: i.stream },
      wait: i.wait ?? 60,
      prediction: i.prediction ?? "completions",
      variant: i.variant,
    });
    if (!isTerminal(request.state)) {
      ctx.progress({ stage: request.state, message: "waiting for the model" });
      request = (await pollUntilDone(od, request.id, { intervalMs: 1500, signal: ctx.signal })).result;
    }
    if (request.state !== "success") {
      throw new BotError({
        code: "theta_request_failed",
        family: "ondemand",
        message: `${svc} did not answer (${request.state}): ${requestError(request) ?? "no error message"}`,
      });
    }
    const out = request.output as { message?: unknown } | undefined;
    return {
      service: svc,
      route: "infer_request",
      text: typeof out?.message === "string" ? out.message : "",
      request,
    };
  },
  quote: async (i, ctx) => {
    const svc = i.service ?? (await pickChatService(ctx));
    return serviceQuote(ctx, svc, estimateTokens(i.messages, i.max_tokens));
  },
  render: (r) => (r as { text?: string }).text ?? "",
});
