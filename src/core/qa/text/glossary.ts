/**
 * The product's nouns and verbs in twelve other languages, as vocabulary entries. The data is
 * glossary.json (by English concept, the forms each language uses), written from the product
 * vocabulary only, never from a question set. A question in Portuguese, Japanese or Turkish that says "saldo", "残高" or "bakiye"
 * reaches the English pages about the balance. Entries are folded like questions are (lower case,
 * no accents). Latin entries that are common English words with another meaning ("no" is
 * Portuguese for node) are left out, so an English question never picks up a foreign reading.
 */
import { fold, term, terms } from "./analyze.js";
import data from "./glossary.json" with { type: "json" };
import { englishRank } from "./word-frequency.js";

/** A vocabulary entry: where it matches in folded text, and the English words it means there. */
export interface GlossaryEntry {
  re: RegExp;
  means: string;
}

const GLOSSARY: Record<string, Partial<Record<string, string[]>>> = data;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a folded entry can be matched safely in any question: CJK always; a Latin word of three
 * letters or more that is no common English word (unless it is the concept's own English word, as
 * "videos" or "tokens" are); a phrase unless every word of it is common English ("data login").
 */
function usable(entry: string, own: Set<string>): boolean {
  if (CJK.test(entry)) return true;
  const english = (w: string) => englishRank(w) !== undefined && !own.has(term(w, "en") ?? w);
  const ws = entry.split(" ");
  if (ws.length === 1) return entry.length >= 3 && !english(entry);
  return !ws.every(english);
}

/** One entry per concept: every language's forms, CJK ones matched anywhere, others as whole words. */
export function glossaryEntries(): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  for (const [means, byLang] of Object.entries(GLOSSARY)) {
    const forms = new Set<string>();
    const own = new Set(terms(means, "en"));
    for (const list of Object.values(byLang)) {
      for (const raw of list ?? []) {
        const f = fold(raw).trim().replace(/\s+/g, " ");
        if (f && usable(f, own)) forms.add(f);
      }
    }
    const cjk = [...forms].filter((f) => CJK.test(f));
    const latin = [...forms].filter((f) => !CJK.test(f));
    // Longest first, so "mot de passe" is tried before a shorter form it contains.
    const alt = (l: string[]) =>
      l
        .sort((a, b) => b.length - a.length)
        .map(escapeRe)
        .join("|");
    if (cjk.length) out.push({ re: new RegExp(alt(cjk), "gu"), means });
    if (latin.length)
      out.push({ re: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alt(latin)})(?![\\p{L}\\p{N}_])`, "gu"), means });
  }
  return out;
}
