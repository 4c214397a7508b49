/**
 * Whether a question is written in a language other than English, to decide whether to put it into
 * English before the search (retrieve.ts). Wider than `detectLang`, which knows only the sixteen
 * languages the index analyses. Not English: any language `detectLang` names; a letter of any other
 * script (Arabic, Thai, Greek, Hebrew …); a Latin letter English never uses (Czech, Romanian,
 * Hungarian …); or, by the rule `detectLang` applies to its own languages, at least two function
 * words of another Latin-script language that are not English ones, and more of them than English
 * function words (the `stopword` lists of the languages it does not analyse).
 */
import * as sw from "stopword";
import { detectLang, fold, isStopword, words } from "./analyze.js";

const OTHER_LATIN: Set<string>[] = [
  sw.msa,
  sw.swe,
  sw.dan,
  sw.nob,
  sw.fin,
  sw.ces,
  sw.ron,
  sw.hun,
  sw.tgl,
].map((list) => new Set(list.map(fold)));

const OTHER_SCRIPT = /(?=\p{L})[^\p{Script=Latin}]/u;
/** Latin letters English never uses, of languages `detectLang` does not know by theirs: Czech, Romanian, Hungarian. */
const OTHER_LETTERS = /[řěůșțőű]/iu;

export function isNotEnglish(text: string): boolean {
  const segmented = words(text);
  if (detectLang(text, segmented) !== "en" || OTHER_SCRIPT.test(text) || OTHER_LETTERS.test(text))
    return true;
  const ws = segmented.map(fold);
  // Words that are English function words too ("for", "in", "is") count only as English.
  const english = ws.filter((w) => isStopword(w, "en")).length;
  const rest = ws.filter((w) => !isStopword(w, "en"));
  return OTHER_LATIN.some((set) => {
    const n = rest.filter((w) => set.has(w)).length;
    return n >= 2 && n > english;
  });
}
