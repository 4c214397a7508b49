/**
 * Text analysis shared by the index and the queries: Unicode word segmentation (Intl.Segmenter, so
 * Chinese, Japanese and other scripts get words too), a language guess, that language's stopwords
 * (the `stopword` lists) and its Snowball stemmer. Words are never cut into fragments: "per" stays
 * "per" and never matches "person".
 */
import snowball from "snowball-stemmers";
import * as sw from "stopword";
import { CHAT } from "./chat-words.js";

export type Lang = "en" | "es" | "fr" | "de" | "pt" | "it" | "zh" | "ja" | "ko" | "ru";

const LISTS: Record<Lang, string[]> = {
  en: sw.eng,
  es: sw.spa,
  fr: sw.fra,
  de: sw.deu,
  pt: sw.por,
  it: sw.ita,
  zh: sw.zho,
  ja: sw.jpn,
  ko: sw.kor,
  ru: sw.rus,
};
const STEMMERS: Partial<Record<Lang, string>> = {
  en: "english",
  es: "spanish",
  fr: "french",
  de: "german",
  pt: "portuguese",
  it: "italian",
  ru: "russian",
};

const STOP: Record<Lang, Set<string>> = Object.fromEntries(
  (Object.keys(LISTS) as Lang[]).map((l) => [l, new Set([...LISTS[l], ...(CHAT[l] ?? [])].map(fold))]),
) as Record<Lang, Set<string>>;

const stemmers = new Map<Lang, { stem(w: string): string }>();
function stemmerFor(lang: Lang) {
  const algo = STEMMERS[lang];
  if (!algo) return undefined;
  let s = stemmers.get(lang);
  if (!s) {
    s = snowball.newStemmer(algo);
    stemmers.set(lang, s);
  }
  return s;
}

/** Lower case, compatibility forms (NFKC), no diacritics, apostrophes dropped ("didn't" → "didnt"). */
export function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’`]/g, "");
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, s);
  }
  return s;
}

/** A word, or a slash command ("/imagine") where the slash starts a word (not in a URL or "and/or"). */
const ASCII_WORD = /(?:(?<![^\s("'`])\/)?[A-Za-z0-9_]+(?:['.’][A-Za-z0-9_]+)*/g;
const COMMAND_BEFORE = /[\s("'`]/;

/** The words of a text, in order (no punctuation), as written (not folded). */
export function words(text: string, lang: Lang = "en"): string[] {
  // Plain ASCII needs no dictionary: a regular expression splits it like the segmenter, faster.
  if (!/[^\t-~’]/.test(text)) return text.match(ASCII_WORD) ?? [];
  const out: string[] = [];
  for (const seg of segmenter(lang).segment(text)) {
    if (!seg.isWordLike) continue;
    const before = text[seg.index - 2];
    const command = text[seg.index - 1] === "/" && (before === undefined || COMMAND_BEFORE.test(before));
    out.push(command ? `/${seg.segment}` : seg.segment);
  }
  return out;
}

const LATIN: Lang[] = ["en", "es", "fr", "de", "pt", "it"];

/** The text's language: by script for CJK and Cyrillic, else the Latin language whose stopwords it uses most. */
export function detectLang(text: string, known?: string[]): Lang {
  if (/[\u3040-\u30ff]/u.test(text)) return "ja";
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/\p{Script=Han}/u.test(text)) return "zh";
  if (/\p{Script=Cyrillic}/u.test(text)) return "ru";
  const ws = (known ?? words(text)).slice(0, 200).map((w) => w.toLowerCase());
  let best: Lang = "en";
  let bestCount = 0;
  for (const l of LATIN) {
    const n = ws.filter((w) => STOP[l].has(w)).length;
    // English wins ties: it is the language of the documentation.
    if (n > bestCount) {
      best = l;
      bestCount = n;
    }
  }
  return best;
}

/** US spellings folded to the British ones the pages use: organization → organisation. */
const americanToBritish = (w: string) => w.replace(/iz(e|ed|es|ing|ation|ations|er|ers)$/, "is$1");

const cache = new Map<string, string | null>();

/** One word to its index term, or undefined for stopwords and fragments of no meaning. */
export function term(word: string, lang: Lang): string | undefined {
  const key = `${lang}\u0000${word}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const t = computeTerm(word, lang);
  if (cache.size > 200_000) cache.clear();
  cache.set(key, t ?? null);
  return t;
}

const ELISION = /(?<!\p{L})(?:[cdjlmnst]|qu|dell|all|nell|sull)['’](?=\p{L})/giu;

/** French and Italian elided articles and pronouns dropped: "l'organisation" is "organisation". */
export function unelide(text: string, lang: Lang): string {
  return lang === "fr" || lang === "it" ? text.replace(ELISION, "") : text;
}

function computeTerm(word: string, lang: Lang): string | undefined {
  const w = fold(word);
  if (!w) return undefined;
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(w);
  if (!cjk && w.length < 2 && !/\d/.test(w)) return undefined;
  if (STOP[lang].has(w) || STOP.en.has(w)) return undefined;
  if (/\d/.test(w) || w.includes("_") || w.startsWith("/")) return w;
  const s = stemmerFor(lang);
  if (!s) return w;
  const stem = s.stem(lang === "en" ? americanToBritish(w) : w);
  return lang === "en" ? acronymSingular(stem) : stem;
}

/**
 * Plurals of short acronyms the English stemmer keeps ("gpus", "cpus", "vms", "llms", "ssds": it
 * drops an "s" only after a vowel that is not right before it), so they match "GPU", "VM", "LLM".
 */
const acronymSingular = (t: string) =>
  /^[a-z]{2,4}s$/.test(t) && /^[^aeiouy]*u?$/.test(t.slice(0, -1)) ? t.slice(0, -1) : t;

/** A text's terms in order; identifiers such as gpt_oss_120b also give their parts. */
export function terms(text: string, lang?: Lang): string[] {
  const l = lang ?? detectLang(text);
  return termsOf(words(unelide(text, l), l), l);
}

/** The terms of already segmented words. */
export function termsOf(ws: string[], lang: Lang): string[] {
  const out: string[] = [];
  for (const w of ws) {
    const t = term(w, lang);
    if (t) out.push(t);
    if (w.startsWith("/")) {
      // A command also counts as its plain word: "/imagine" is about imagining images too.
      const bare = term(w.slice(1), lang);
      if (bare) out.push(bare);
      continue;
    }
    if (w.includes("_") || /[a-z]\d|\d[a-z]/i.test(w)) {
      for (const part of fold(w).split(/_+/)) {
        const p = part !== w && term(part, lang);
        if (p && p !== t) out.push(p);
      }
    }
  }
  return out;
}

/** English stopwords of four letters or more, for recognising their misspellings ("wich", "waht"). */
export const LONG_EN_STOPWORDS = [...STOP.en].filter((w) => w.length >= 4);

export function isStopword(word: string, lang: Lang): boolean {
  const w = fold(word);
  return STOP[lang].has(w) || STOP.en.has(w);
}
