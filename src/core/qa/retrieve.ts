import type { Tenant } from "../credentials/provider.js";
import type { Policy } from "../policy/index.js";
import type { StateStore } from "../store/index.js";
import { looksDependent, rewriteWithModel } from "./followup.js";
import type { KnowledgeBase } from "./knowledge-base.js";
import type { Decision, Hit } from "./knowledge-index.js";
import type { Turn } from "./prompt.js";
import type { QaChat } from "./qa-chat.js";
import { isNotEnglish } from "./text/foreign.js";

/**
 * The passages for a question: the decision `theta-bot kb search` prints; for a follow-up that
 * refers back, the decision on the standalone question the model rewrote (or, when that call
 * fails, on the question with the thread's previous question carried over at a lower weight); for
 * a question not in English, the language of the docs, the decision on the model's English version
 * (or, when that call fails or no model is configured, on the question as asked). The answer is
 * still written to the question as asked, so it comes back in the asker's language.
 * `related` holds the closest sections when nothing was found.
 */
export async function retrievePassages(
  d: { kb: KnowledgeBase; chat: QaChat; store: StateStore; policy: Policy; tenant: Tenant; userId: string },
  question: string,
  history: Turn[],
): Promise<{ hits: Hit[]; related: Hit[]; costUsd: number }> {
  const of = (x: Decision, costUsd: number) => ({ hits: x.passages, related: x.related, costUsd });
  const previous = history.at(-1)?.question;
  const dependent = previous !== undefined && looksDependent(question);
  if (!dependent && !isNotEnglish(question)) return of(await d.kb.decide(d.tenant, question), 0);
  const rewritten = await rewriteWithModel(d, question, dependent ? history : []).catch(() => undefined);
  if (rewritten?.text) return of(await d.kb.decide(d.tenant, rewritten.text), rewritten.costUsd);
  return of(await d.kb.decide(d.tenant, question, dependent ? previous : undefined), rewritten?.costUsd ?? 0);
}
