/** The Theta chat calls of the Q&A bot: which model, one completion, and what it costs. */
import type { Config } from "../../config.js";
import type { Tenant } from "../credentials/provider.js";
import { OPENAI_ROUTE_MODELS, pickChatService } from "../operations/ondemand-chat.js";
import { serviceQuote } from "../operations/quote.js";
import type { Runtime } from "../operations/runner.js";
import { runOperation } from "../operations/runner.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import type { ChatMessage } from "./prompt.js";

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export interface ChatTarget {
  /** The tenant's own dedicated endpoint (no on-demand charge). */
  dedicated: boolean;
  /** The on-demand chat service otherwise. */
  service: string | undefined;
  toolCalling: boolean;
}

export interface Completion {
  text: string;
  toolCalls: Array<{ id?: string; function?: { name?: string } }>;
  usage: Usage | undefined;
  dryRun: boolean;
}

export const DRY_RUN = "(dry run: the question was not sent to a model)";

export class QaChat {
  constructor(
    private readonly rt: Runtime,
    private readonly config: Config["qa"],
    private readonly discover: () => Promise<ServiceDiscovery>,
  ) {}

  async target(tenant: Tenant): Promise<ChatTarget> {
    const dedicated = (await this.rt.credentials.status(tenant, "inference")).configured;
    const service = dedicated ? undefined : await pickChatService({ discover: this.discover });
    return { dedicated, service, toolCalling: dedicated || OPENAI_ROUTE_MODELS.has(service ?? "") };
  }

  async complete(
    tenant: Tenant,
    t: ChatTarget,
    messages: ChatMessage[],
    o: { tools?: unknown[]; last?: boolean; maxTokens?: number; onPartial?: (text: string) => void } = {},
  ): Promise<Completion> {
    const tools = o.tools ?? [];
    const withTools = tools.length ? { tools, tool_choice: o.last ? "none" : "auto" } : {};
    const max_tokens = o.maxTokens ?? this.config.maxTokens;
    const input = t.dedicated
      ? { messages, max_tokens, ...withTools }
      : {
          messages,
          service: t.service,
          max_tokens,
          stream: OPENAI_ROUTE_MODELS.has(t.service ?? ""),
          ...withTools,
        };
    const r = await runOperation(
      this.rt,
      t.dedicated ? "theta.inference.chat" : "theta.ondemand.chat",
      input,
      {
        tenant,
        progress: (p) => {
          if (p.partial && o.onPartial) o.onPartial(p.partial);
        },
      },
    );
    if (r.kind !== "result") return { text: DRY_RUN, toolCalls: [], usage: undefined, dryRun: true };
    const res = r.result as {
      text?: string;
      completion?: { usage?: Usage; choices?: Array<{ message?: { tool_calls?: unknown } }> };
    };
    const calls = res.completion?.choices?.[0]?.message?.tool_calls;
    return {
      text: res.text ?? "",
      toolCalls: Array.isArray(calls) ? calls : [],
      usage: res.completion?.usage,
      dryRun: false,
    };
  }

  /** USD for a chat of this size on this service (0 for the tenant's own endpoint or unknown prices). */
  async priceUsd(service: string | undefined, tokens: { input: number; output: number }): Promise<number> {
    if (!service) return 0;
    const q = await serviceQuote({ discover: this.discover }, service, tokens).catch(() => undefined);
    if (q?.amount === undefined) return 0;
    const usd = q.currency === "USD" ? q.amount : q.amount * this.config.priceUnitUsd;
    return Math.round(usd * 1e8) / 1e8;
  }
}
