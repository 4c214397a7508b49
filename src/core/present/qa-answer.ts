import type { Citation } from "../qa/prompt.js";
import type { QaAnswer } from "../qa/service.js";

export type Markup = "discord" | "slack";

const bold = (t: string, m: Markup) => (m === "discord" ? `**${t}**` : `*${t}*`);
const link = (title: string, url: string, m: Markup) =>
  m === "discord" ? `[${title}](<${url}>)` : `<${url}|${title.replace(/[|>]/g, " ")}>`;

const labelOf = (c: Citation, m: Markup) => {
  const label = `${c.title} › ${c.section}`;
  return c.url ? link(label, c.url, m) : label;
};

/**
 * The answer with its sources (document › section, linked when the document has a URL); a "not
 * found" lists the sections that came closest instead, as places to look.
 */
export function renderAnswer(a: QaAnswer, m: Markup): string {
  const parts = [a.text];
  if (a.citations.length) {
    const lines = a.citations.map((c) => `[${c.n}] ${labelOf(c, m)}`);
    parts.push(`${bold("Sources", m)}\n${lines.join("\n")}`);
  }
  if (a.related.length) {
    const lines = a.related.map((c) => `• ${labelOf(c, m)}`);
    parts.push(`${bold("Closest topics in the docs", m)}\n${lines.join("\n")}`);
  }
  if (a.toolsUsed.length)
    parts.push(`_Looked up: ${a.toolsUsed.map((t) => t.replace(/_/g, " ")).join(", ")}_`);
  return parts.join("\n\n");
}

/** What a streaming message shows before the answer is complete: at most `max` characters. */
export function renderPartial(text: string, max: number): string {
  const t = text.length > max - 2 ? `${text.slice(0, max - 3)}…` : text;
  return `${t} ▌`;
}
