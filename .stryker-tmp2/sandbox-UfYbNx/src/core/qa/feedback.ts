// @ts-nocheck
import type { Caller } from "../chat/caller.js";
import { usageError } from "../errors.js";
import { getPolicy } from "../policy/index.js";
import type { StateStore } from "../store/index.js";
import type { QaService, StoredAnswer } from "./service.js";

export type Vote = "helpful" | "unhelpful";

const FEEDBACK_TTL_MS = 90 * 24 * 3600 * 1000;

async function answerFor(qa: QaService, id: string, caller: Caller): Promise<StoredAnswer> {
  const a = await qa.getAnswer(id);
  // An answer belongs to its tenant: a button id copied into another server finds nothing.
  if (!a || a.platform !== caller.platform || a.tenantId !== caller.tenantId) {
    throw usageError("qa_answer_expired", "That answer is older than a week or unknown here; ask again.");
  }
  return a;
}

/** One vote per person per answer (a second click changes it); returns the answer's tally. */
export async function recordFeedback(
  store: StateStore,
  qa: QaService,
  id: string,
  caller: Caller,
  vote: Vote,
): Promise<{ helpful: number; unhelpful: number }> {
  await answerFor(qa, id, caller);
  const key = `qa:feedback:${id}`;
  await store.hset(key, { [caller.userId]: vote });
  await store.expire(key, FEEDBACK_TTL_MS);
  const all = Object.values(await store.hgetall(key));
  return {
    helpful: all.filter((v) => v === "helpful").length,
    unhelpful: all.filter((v) => v === "unhelpful").length,
  };
}

export interface Escalation {
  channelId: string;
  answer: StoredAnswer;
}

/** Where "Ask a human" posts (the policy's support channel) and what it carries. */
export async function escalation(
  store: StateStore,
  qa: QaService,
  id: string,
  caller: Caller,
): Promise<Escalation> {
  const answer = await answerFor(qa, id, caller);
  const policy = await getPolicy(store, { platform: caller.platform, id: caller.tenantId });
  if (!policy.supportChannelId) {
    throw usageError(
      "qa_no_support_channel",
      "No support channel is set here, so nobody would see the question. An admin can pick one with /theta policy support_channel.",
    );
  }
  const once = await store.setIfAbsent(`qa:escalated:${id}`, caller.userId, FEEDBACK_TTL_MS);
  if (!once)
    throw usageError("qa_already_escalated", "This question has already been passed to the support channel.");
  return { channelId: policy.supportChannelId, answer };
}

/** The support channel's message: who asked, the question, the bot's answer, and where. */
export function escalationText(e: Escalation, link: string | undefined): string {
  const quote = (t: string) =>
    t
      .slice(0, 1500)
      .split("\n")
      .map((l) => `> ${l}`)
      .join("\n");
  return [
    `<@${e.answer.askerId}> asked for a human:`,
    quote(e.answer.question),
    e.answer.notFound ? "The bot found nothing in the docs." : "The bot answered:",
    ...(e.answer.notFound ? [] : [quote(e.answer.answer)]),
    link ? `Thread: ${link}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
