import { randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import { type Caller, tenantOf } from "../chat/caller.js";
import { usageError } from "../errors.js";
import type { LedgerEntry } from "../job-record.js";
import type { Runtime } from "../operations/runner.js";
import { adjust, getPolicy, reserveWithinBudget } from "../policy/index.js";
import { redact } from "../redact.js";
import type { StateStore } from "../store/index.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import { accountIntent } from "./account-intent.js";
import { Conversations } from "./conversations.js";
import type { KnowledgeBase } from "./knowledge-base.js";
import { type Hit, MAX_RELATED } from "./knowledge-index.js";
import { addQaSpend, checkQaCap } from "./limits.js";
import {
  boundedHistory,
  buildMessages,
  type ChatMessage,
  type Citation,
  citationsOf,
  mayBeMarker,
  saysNotInPassages,
  type Turn,
  usedCitations,
} from "./prompt.js";
import { QaChat } from "./qa-chat.js";
import { QuestionRateLimiter } from "./question-rate.js";
import { retrievePassages } from "./retrieve.js";
import { refusalOf, runTool, type ToolContext, toolAllowed, toolSpecs } from "./tools.js";

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
  /** With "not found": the sections that came closest, offered as places to look (not as sources). */
  related: Citation[];
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

/**
 * The support Q&A bot: retrieval over the knowledge base, a grounded prompt, read-only tools with
 * the asker's permissions, citations, per-thread memory, rate limits and spend accounting.
 */
export class QaService {
  readonly conversations: Conversations;
  private readonly chat: QaChat;
  private readonly rate: QuestionRateLimiter;

  constructor(private readonly d: QaDeps) {
    this.conversations = new Conversations(d.store);
    this.chat = new QaChat(d.rt, d.config, d.discover);
    this.rate = new QuestionRateLimiter(d.store, d.config);
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
    await this.rate.accept(tenant, caller.userId);

    const thread = input.threadId ? ((await this.conversations.get(tenant, input.threadId)) ?? []) : [];
    const history = boundedHistory(thread, this.d.config.threadTokens);
    const tools: ToolContext = {
      rt: this.d.rt,
      caller,
      policy,
      recentJobs: this.d.recentJobs,
      services: async () => (await this.d.discover()).services,
    };
    const intent = accountIntent(question);
    const base = { id: randomBytes(8).toString("hex"), toolsUsed: [] as string[], costUsd: 0 };

    let answer: QaAnswer;
    if (intent && !toolAllowed(intent, tools)) {
      answer = {
        ...base,
        text: `I can't look that up for you: ${refusalOf(intent)}`,
        citations: [],
        related: [],
        notFound: false,
        refused: true,
      };
    } else {
      const { hits, related, costUsd } = await retrievePassages(
        { kb: this.d.kb, chat: this.chat, store: this.d.store, policy, tenant, userId: caller.userId },
        question,
        history,
      );
      if (hits.length === 0 && !intent) {
        answer = {
          ...base,
          text: NOT_FOUND,
          citations: [],
          related: citationsOf(related),
          notFound: true,
          refused: false,
          costUsd,
        };
      } else {
        const a = await this.answer({ ...input, question }, tools, hits, history, intent, base.id);
        answer = { ...a, costUsd: a.costUsd + costUsd };
      }
    }
    await this.remember(input, question, answer);
    return answer;
  }

  private async answer(
    input: AskInput,
    tools: ToolContext,
    hits: Hit[],
    history: Turn[],
    intent: string | undefined,
    id: string,
  ): Promise<QaAnswer> {
    const tenant = tenantOf(input.caller);
    const target = await this.chat.target(tenant);
    const { service } = target;
    const toolsUsed: string[] = [];
    let accountNote: string | undefined;
    if (intent && !target.toolCalling) {
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
    const specs = target.toolCalling ? toolSpecs(tools) : [];
    const offered = new Set(specs.map((s) => (s as { function: { name: string } }).function.name));

    const estimate = await this.chat.priceUsd(service, {
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
    // The "not in the passages" marker is never shown while it streams.
    const onPartial = input.onPartial
      ? (t: string) => {
          if (!mayBeMarker(t)) input.onPartial!(t);
        }
      : undefined;
    try {
      for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
        const last = round === MAX_TOOL_ROUNDS;
        const r = await this.chat.complete(tenant, target, messages, { tools: specs, last, onPartial });
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
      const spent = usage.input + usage.output > 0 ? await this.chat.priceUsd(service, usage) : 0;
      await adjust(this.d.store, tenant, input.caller.userId, spent - reservation.amountUsd, reservation.day);
      await addQaSpend(this.d.store, tenant, spent);
      throw err;
    }
    const actual = target.dedicated ? 0 : await this.chat.priceUsd(service, usage);
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
    const uniqueTools = [...new Set(toolsUsed)];
    if (saysNotInPassages(text)) {
      // The model found no answer in the passages: "not found", no citations, never a guess. The
      // passages it read are still the closest sections: offered as places to look.
      return {
        id,
        text: NOT_FOUND,
        citations: [],
        related: citationsOf(hits.slice(0, MAX_RELATED)),
        notFound: true,
        refused: false,
        toolsUsed: uniqueTools,
        costUsd,
      };
    }
    const body = redact(text.trim()) || "The model returned an empty answer; try rephrasing the question.";
    return {
      id,
      text: body,
      citations: hits.length ? usedCitations(body, citationsOf(hits)) : [],
      related: [],
      notFound: false,
      refused: false,
      toolsUsed: uniqueTools,
      costUsd,
    };
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

export const NOT_FOUND =
  "I couldn't find this in the docs, so I won't guess. Try rephrasing with the command or feature name, or ask a human.";
