/**
 * How the double's LLM answers, deterministically:
 * - after tool results: it reports them ("From get_balance: {...}");
 * - asked to rewrite a <follow_up> from a <conversation>: the follow-up plus what the last user turn asked;
 *   with an empty conversation (a question not in English): the question glossed into English (gloss.ts);
 * - with a <context> of <source id=N> passages: from the first passage sharing words with the
 *   <question> (glossed into English first), its sentence sharing most, cited as [N]; with earlier questions in the conversation it says which one it follows up;
 *   when no sentence shares at least a third of the question's words, the "not in the passages" marker;
 * - otherwise it echoes the question (llmReply).
 * Tool picking mimics a capable but gullible model: a forced or "required" choice, a tool named in the
 * question, a tool whose topic the question is about, or — like a model obeying injected text —
 * `CALL_TOOL:<name>` anywhere in the messages, offered or not.
 */
import { glossToEnglish } from "./gloss.js";
import { lastUserText, llmReply } from "./ondemand-infer.js";

interface Msg {
  role?: string;
  content?: unknown;
  name?: string;
}

const asText = (c: unknown): string =>
  typeof c === "string"
    ? c
    : Array.isArray(c)
      ? c.map((p: { text?: unknown }) => (typeof p?.text === "string" ? p.text : "")).join(" ")
      : "";

const STOP = new Set(
  "and are can does for from how the this that what when where which who why with you your".split(" "),
);
const tokens = (s: string) =>
  new Set((s.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? []).filter((w) => !STOP.has(w)));
const overlap = (q: Set<string>, s: Set<string>) =>
  [...q].filter((w) => [...s].some((t) => t.startsWith(w) || w.startsWith(t))).length;

function questionOf(text: string): string {
  return /<question>\s*([\s\S]*?)\s*<\/question>/.exec(text)?.[1] ?? text;
}

/** The marker the Q&A prompt asks for when the passages do not answer (src/core/qa/prompt.ts). */
const NOT_IN_PASSAGES = "NOT_IN_PASSAGES";

function bestSentence(question: string, context: string): { id: string; sentence: string } | undefined {
  const q = tokens(question);
  const needed = Math.max(1, Math.ceil(q.size / 3));
  let best: { id: string; sentence: string; score: number } | undefined;
  for (const m of context.matchAll(/<source id="(\d+)"[^>]*>([\s\S]*?)<\/source>/g)) {
    for (const sentence of m[2]!.split(/(?<=[.!?])\s+|\n+/)) {
      const s = sentence.trim();
      if (s.length < 12) continue;
      const score = overlap(q, tokens(s));
      if (!best || score > best.score) best = { id: m[1]!, sentence: s, score };
    }
    // Like a model trusting the ranking: the first passage that answers at all wins.
    if (best && best.score >= needed) break;
  }
  return best && best.score >= needed ? best : undefined;
}

/** The reply text for a conversation (no tool call). */
export function groundedReply(messages: unknown): string {
  const list = (Array.isArray(messages) ? messages : []) as Msg[];
  const last = list.at(-1);
  if (last?.role === "tool") {
    const results: string[] = [];
    for (let i = list.length - 1; i >= 0 && list[i]!.role === "tool"; i--) {
      results.unshift(`From ${list[i]!.name ?? "a tool"}: ${asText(list[i]!.content)}`);
    }
    return results.join(" ");
  }
  const userText = lastUserText(messages);
  const followUp = /<follow_up>\s*([\s\S]*?)\s*<\/follow_up>/.exec(userText)?.[1];
  if (followUp !== undefined) {
    const asked = [...userText.matchAll(/^User: (.*)$/gm)].at(-1)?.[1];
    // No conversation: a question asked in another language, to be put into English.
    if (asked === undefined) return glossToEnglish(followUp);
    return `${followUp.replace(/[?.!\s]+$/, "")} (about: ${asked})`;
  }
  if (!userText.includes("<context>")) return llmReply(messages);
  const question = questionOf(userText);
  const earlier = list
    .slice(0, -1)
    .filter((m) => m.role === "user")
    .map((m) => questionOf(asText(m.content)));
  const prefix = earlier.length ? `Following up on "${earlier[0]}": ` : "";
  const account = /<account tool="([a-z_]+)">\s*([\s\S]*?)\s*<\/account>/.exec(userText);
  if (account) return `${prefix}From ${account[1]}: ${account[2]}`;
  // Like a multilingual model, it reads English passages for a question in the languages it knows.
  const hit = bestSentence(glossToEnglish(question), userText);
  if (!hit) return NOT_IN_PASSAGES;
  return `${prefix}${hit.sentence} [${hit.id}]`;
}

const TOPICS: Array<[RegExp, string]> = [
  [/\b(balance|credits?)\b/i, "get_balance"],
  [/\bjobs?\b/i, "recent_jobs"],
  [
    /\b(live|available)\b.*\b(services?|models?)\b|\b(services?|models?)\b.*\b(live|available)\b/i,
    "live_services",
  ],
  [/\b(credentials?|capabilit\w*)\b/i, "capabilities"],
];

/** Which tool to call, or undefined to answer. */
export function chooseTool(messages: unknown, names: string[], toolChoice: unknown): string | undefined {
  if (toolChoice === "none") return undefined;
  const list = (Array.isArray(messages) ? messages : []) as Msg[];
  if (list.at(-1)?.role === "tool") return undefined;
  const all = list.map((m) => asText(m.content)).join("\n");
  const injected = /CALL_TOOL:([a-z_]+)/.exec(all)?.[1];
  if (injected) return injected;
  if (names.length === 0) return undefined;
  const forced = (toolChoice as { function?: { name?: unknown } } | undefined)?.function?.name;
  if (typeof forced === "string") return forced;
  if (toolChoice === "required") return names[0];
  const question = questionOf(lastUserText(messages));
  const named = names.find((n) => question.includes(n));
  if (named) return named;
  return TOPICS.find(([re, n]) => names.includes(n) && re.test(question))?.[1];
}
