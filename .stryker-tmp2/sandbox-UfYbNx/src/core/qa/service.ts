// @ts-nocheck
import { randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import { type Caller, tenantOf } from "../chat/caller.js";
import type { Tenant } from "../credentials/provider.js";
import { usageError } from "../errors.js";
import type { LedgerEntry } from "../job-record.js";
import { OPENAI_ROUTE_MODELS, pickChatService } from "../operations/ondemand-chat.js";
import { serviceQuote } from "../operations/quote.js";
import type { Runtime } from "../operations/runner.js";
import { runOperation } from "../operations/runner.js";
import { adjust, getPolicy, reserveWithinBudget } from "../policy/index.js";
import { redact } from "../redact.js";
import type { StateStore } from "../store/index.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import { Conversations } from "./conversations.js";
import type { KnowledgeBase } from "./knowledge-base.js";
import { isRelevant } from "./knowledge-index.js";
import { addQaSpend, checkQaCap, checkQuestionRate } from "./limits.js";
import { buildMessages, type ChatMessage, type Citation, citationsOf, usedCitations } from "./prompt.js";
import { intentTool, refusalOf, runTool, type ToolContext, toolAllowed, toolSpecs } from "./tools.js";

const MAX_QUESTION = 4000;
const MAX_TOOL_ROUNDS = 3;
const ANSWER_TTL_MS = 7 * 24 * 3600 * 1000;

export interface QaAnswer {
  id: string;
  /** The answer body, without citations. */
  text: string;
  citations: Citation[];
  /** Nothing relevant in the docs: the bot says so and offers escalation, without asking a model. */
  notFound: boolean;
  /** The asker asked for something they may not see: refused, no model call. */
  refused: boolean;
  toolsUsed: string[];
  costUsd: number;
}

export interface AskInput {
  caller: Caller;
  question: string;
  /** The Discord thread / Slack thread_ts this conversation lives in. */
  threadId?: string | undefined;
  /** The answer so far while it streams (adapters throttle their edits). */
  onPartial?: ((text: string) => void) | undefined;
}

export interface StoredAnswer {
  id: string;
  platform: Caller["platform"];
  tenantId: string;
  askerId: string;
  channelId: string;
  threadId?: string | undefined;
  question: string;
  answer: string;
  notFound: boolean;
  createdAt: number;
}

export interface QaDeps {
  rt: Runtime;
  store: StateStore;
  kb: KnowledgeBase;
  config: Config["qa"];
  recentJobs(caller: Caller): Promise<LedgerEntry[]>;
  discover(): Promise<ServiceDiscovery>;
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

/**
 * The support Q&A bot: retrieval over the knowledge base, a grounded prompt, read-only tools with
 * the asker's permissions, citations, per-thread memory, rate limits and spend accounting.
 */
export class QaService {
  readonly conversations: Conversations;

  constructor(private readonly d: QaDeps) {
    this.conversations = new Conversations(d.store);
  }

  get kb(): KnowledgeBase {
    return this.d.kb;
  }

  /** The tenant's policy, or `qa_disabled` when questions are off (checked before a thread is opened). */
  async ensureEnabled(caller: Caller) {
    const policy = await getPolicy(this.d.store, tenantOf(caller));
    if (!policy.qaEnabled)
      throw usageError(
        "qa_disabled",
        "Questions are turned off here; an admin can turn them on with /theta policy.",
      );
    return policy;
  }

  async ask(input: AskInput): Promise<QaAnswer> {
    const { caller } = input;
    const question = input.question.trim();
    if (!question) throw usageError("qa_empty_question", "Ask a question after the command or the mention.");
    if (question.length > MAX_QUESTION) {
      throw usageError(
        "qa_question_too_long",
        `Questions can be at most ${MAX_QUESTION} characters (yours has ${question.length}); shorten it.`,
      );
    }
    const tenant = tenantOf(caller);
    const policy = await this.ensureEnabled(caller);
    await checkQuestionRate(this.d.store, tenant, caller.userId, this.d.config);

    const history = input.threadId ? ((await this.conversations.get(tenant, input.threadId)) ?? []) : [];
    const lastQuestion = history.at(-1)?.question ?? "";
    const found = await this.d.kb.search(tenant, `${question} ${lastQuestion}`.trim());
    const hits = found.filter((h) => isRelevant(h));
    const tools: ToolContext = {
      rt: this.d.rt,
      caller,
      policy,
      recentJobs: this.d.recentJobs,
      services: async () => (await this.d.discover()).services,
    };
    const intent = intentTool(question);
    const base = { id: randomBytes(8).toString("hex"), toolsUsed: [] as string[], costUsd: 0 };

    let answer: QaAnswer;
    if (intent && !toolAllowed(intent, tools)) {
      answer = {
        ...base,
        text: `I can't look that up for you: ${refusalOf(intent)}`,
        citations: [],
        notFound: false,
        refused: true,
      };
    } else if (hits.length === 0 && !intent) {
      answer = { ...base, text: NOT_FOUND, citations: [], notFound: true, refused: false };
    } else {
      answer = await this.answer({ ...input, question }, tools, hits, history, intent, base.id);
    }
    await this.remember(input, question, answer);
    return answer;
  }

  private async answer(
    input: AskInput,
    tools: ToolContext,
    hits: Awaited<ReturnType<KnowledgeBase["search"]>>,
    history: Array<{ question: string; answer: string }>,
    intent: string | undefined,
    id: string,
  ): Promise<QaAnswer> {
    const tenant = tenantOf(input.caller);
    const dedicated = (await this.d.rt.credentials.status(tenant, "inference")).configured;
    const service = dedicated ? undefined : await pickChatService({ discover: this.d.discover });
    const toolCalling = dedicated || OPENAI_ROUTE_MODELS.has(service ?? "");
    const toolsUsed: string[] = [];
    let accountNote: string | undefined;
    if (intent && !toolCalling) {
      // No structured tool calls on this model: answer the obvious intent directly, as data.
      const out = await runTool(intent, tools);
      toolsUsed.push(intent);
      accountNote = `<account tool="${intent}">\n${out.content}\n</account>`;
    }
    const messages: ChatMessage[] = buildMessages({
      question: input.question,
      hits,
      history,
      accountNote,
    });
    const specs = toolCalling ? toolSpecs(tools) : [];
    const offered = new Set(specs.map((s) => (s as { function: { name: string } }).function.name));

    const estimate = await this.priceUsd(service, {
      input: Math.ceil(JSON.stringify(messages).length / 4),
      output: this.d.config.maxTokens,
    });
    const policy = tools.policy;
    await checkQaCap(this.d.store, policy, tenant, estimate);
    const reservation = await reserveWithinBudget(
      this.d.store,
      policy,
      tenant,
      input.caller.userId,
      estimate,
    );
    const usage = { input: 0, output: 0 };
    let text = "";
    let dryRun = false;
    try {
      for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
        const last = round === MAX_TOOL_ROUNDS;
        const r = await this.complete(tenant, dedicated, service, messages, specs, last, input.onPartial);
        usage.input += r.usage?.prompt_tokens ?? 0;
        usage.output += r.usage?.completion_tokens ?? 0;
        if (r.toolCalls.length === 0 || last) {
          text = r.text;
          dryRun = r.dryRun;
          break;
        }
        messages.push({ role: "assistant", content: r.text || null, tool_calls: r.toolCalls });
        for (const call of r.toolCalls) {
          const name = call.function?.name ?? "";
          const out = offered.has(name)
            ? await runTool(name, tools)
            : {
                name,
                ok: false,
                content: JSON.stringify({
                  error: refusalOf(name) || `${name} is not available to this asker.`,
                }),
              };
          if (out.ok) toolsUsed.push(name);
          messages.push({ role: "tool", tool_call_id: call.id ?? name, name, content: out.content });
        }
      }
    } catch (err) {
      // Rounds that completed were charged by Theta; only the rest of the reservation goes back.
      const spent = usage.input + usage.output > 0 ? await this.priceUsd(service, usage) : 0;
      await adjust(this.d.store, tenant, input.caller.userId, spent - reservation.amountUsd, reservation.day);
      await addQaSpend(this.d.store, tenant, spent);
      throw err;
    }
    const actual = dedicated ? 0 : await this.priceUsd(service, usage);
    // Without reported usage the reservation stands (the model was still asked), except in a dry run.
    const costUsd = dryRun ? 0 : usage.input + usage.output > 0 ? actual : estimate;
    if (costUsd !== reservation.amountUsd)
      await adjust(
        this.d.store,
        tenant,
        input.caller.userId,
        costUsd - reservation.amountUsd,
        reservation.day,
      );
    await addQaSpend(this.d.store, tenant, costUsd);
    const body = redact(text.trim()) || "The model returned an empty answer; try rephrasing the question.";
    return {
      id,
      text: body,
      citations: hits.length ? usedCitations(body, citationsOf(hits)) : [],
      notFound: false,
      refused: false,
      toolsUsed: [...new Set(toolsUsed)],
      costUsd,
    };
  }

  private async complete(
    tenant: Tenant,
    dedicated: boolean,
    service: string | undefined,
    messages: ChatMessage[],
    tools: unknown[],
    last: boolean,
    onPartial: AskInput["onPartial"],
  ): Promise<{
    text: string;
    toolCalls: Array<{ id?: string; function?: { name?: string } }>;
    usage: Usage | undefined;
    dryRun: boolean;
  }> {
    const withTools = tools.length ? { tools, tool_choice: last ? "none" : "auto" } : {};
    const input = dedicated
      ? { messages, max_tokens: this.d.config.maxTokens, ...withTools }
      : {
          messages,
          service,
          max_tokens: this.d.config.maxTokens,
          stream: OPENAI_ROUTE_MODELS.has(service ?? ""),
          ...withTools,
        };
    const r = await runOperation(
      this.d.rt,
      dedicated ? "theta.inference.chat" : "theta.ondemand.chat",
      input,
      {
        tenant,
        progress: (p) => {
          if (p.partial && onPartial) onPartial(p.partial);
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
  private async priceUsd(
    service: string | undefined,
    tokens: { input: number; output: number },
  ): Promise<number> {
    if (!service) return 0;
    const q = await serviceQuote({ discover: this.d.discover }, service, tokens).catch(() => undefined);
    if (q?.amount === undefined) return 0;
    const usd = q.currency === "USD" ? q.amount : q.amount * this.d.config.priceUnitUsd;
    return Math.round(usd * 1e8) / 1e8;
  }

  private async remember(input: AskInput, question: string, a: QaAnswer): Promise<void> {
    const { caller } = input;
    const tenant = tenantOf(caller);
    if (input.threadId && !a.refused) {
      await this.conversations.append(tenant, input.threadId, { question, answer: a.text });
    }
    const stored: StoredAnswer = {
      id: a.id,
      platform: caller.platform,
      tenantId: caller.tenantId,
      askerId: caller.userId,
      channelId: caller.channelId,
      threadId: input.threadId,
      question,
      answer: a.text,
      notFound: a.notFound,
      createdAt: Date.now(),
    };
    await this.d.store.set(`qa:answer:${a.id}`, JSON.stringify(stored), { ttlMs: ANSWER_TTL_MS });
  }

  async getAnswer(id: string): Promise<StoredAnswer | undefined> {
    if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
    const raw = await this.d.store.get(`qa:answer:${id}`);
    return raw ? (JSON.parse(raw) as StoredAnswer) : undefined;
  }
}

const DRY_RUN = "(dry run: the question was not sent to a model)";

export const NOT_FOUND =
  "I couldn't find this in the docs, so I won't guess. Try rephrasing with the command or feature name, or ask a human.";
