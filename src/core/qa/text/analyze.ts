/**
 * Text analysis shared by the index and the queries: Unicode word segmentation (Intl.Segmenter, so
 * Chinese, Japanese and other scripts get words too), a language guess, that language's stopwords
 * (the `stopword` lists) and its Snowball stemmer. Words are never cut into fragments: "per" stays
 * "per" and never matches "person".
 */
import snowball from "snowball-stemmers";
import * as sw from "stopword";
import { CHAT } from "./chat-words.js";

export type Lang =
  | "en"
  | "es"
  | "fr"
  | "de"
  | "pt"
  | "it"
  | "zh"
  | "ja"
  | "ko"
  | "ru"
  | "nl"
  | "pl"
  | "tr"
  | "id"
  | "vi"
  | "hi";

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
  nl: sw.nld,
  pl: sw.pol,
  tr: sw.tur,
  id: sw.ind,
  vi: sw.vie,
  // The typings of `stopword` 3 omit its Hindi list, which it has (Devanagari only: Hindi typed in
  // Latin letters is in chat-words.ts).
  hi: (sw as unknown as Record<string, string[]>).hin ?? [],
};
const STEMMERS: Partial<Record<Lang, string>> = {
  en: "english",
  es: "spanish",
  fr: "french",
  de: "german",
  pt: "portuguese",
  it: "italian",
  ru: "russian",
  nl: "dutch",
  tr: "turkish",
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

/**
 * Lower case, compatibility forms (NFKC), no diacritics on Latin, Greek or Cyrillic letters,
 * apostrophes dropped ("didn't" → "didnt"). The marks of other scripts are part of their letters and
 * stay: the voicing marks of kana (ど is not と) and the vowel signs of Devanagari (मेरा is not मर).
 */
export function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, "$1")
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
/**
 * Latin-script languages told apart more carefully, as English shares many short words with them:
 * by letters English never uses, or by at least two of their function words that are not English
 * ones, and more of them than English function words.
 */
const OTHER_LATIN: Lang[] = ["vi", "tr", "pl", "nl", "id", "hi"];
const LETTERS: Partial<Record<Lang, RegExp>> = {
  vi: /[\u1EA0-\u1EF9đơư]/iu,
  tr: /[ışğ]/iu,
  pl: /[ąęłśżźćń]/iu,
};

/** The text's language: by script for CJK, Cyrillic and Devanagari, else by its Latin letters and function words. */
export function detectLang(text: string, known?: string[]): Lang {
  if (/[\u3040-\u30ff]/u.test(text)) return "ja";
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/\p{Script=Han}/u.test(text)) return "zh";
  if (/\p{Script=Cyrillic}/u.test(text)) return "ru";
  if (/\p{Script=Devanagari}/u.test(text)) return "hi";
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
  for (const l of OTHER_LATIN) if (LETTERS[l]?.test(text)) return l;
  const folded = ws.map(fold);
  const english = folded.filter((w) => STOP.en.has(w)).length;
  const rest = folded.filter((w) => !STOP.en.has(w));
  // Needs two of its own words, more than English has and more than the best language above.
  let otherCount = Math.max(1, english, bestCount);
  for (const l of OTHER_LATIN) {
    const n = rest.filter((w) => STOP[l].has(w)).length;
    if (n > otherCount) {
      best = l;
      otherCount = n;
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
  if (lang === "ko") return koreanStem(w);
  const s = stemmerFor(lang);
  if (!s) return w;
  const stem = s.stem(lang === "en" ? americanToBritish(w) : w);
  return lang === "en" ? acronymSingular(stem) : stem;
}

/**
 * Korean writes particles and the endings of "하다"/"되다" verbs onto the word ("노드를", "잔액은",
 * "확인할"), and Snowball has no Korean: one particle or such ending comes off a word of Hangul, so
 * "노드를" is "노드" and "확인할" is "확인". Particles that are also common last syllables of nouns
 * ("이", "가", "도" …) come off only words of three syllables or more.
 */
const KO_ENDINGS = [
  "하려면",
  "하나요",
  "합니다",
  "할까요",
  "됩니다",
  "되나요",
  "에서는",
  "에서",
  "에게",
  "한테",
  "으로",
  "까지",
  "부터",
  "처럼",
  "하는",
  "하면",
  "해요",
  "해야",
  "하고",
  "했어",
  "되는",
  "돼요",
  "은",
  "는",
  "을",
  "를",
  "할",
  "한",
  "된",
];
const KO_SHORT = ["이", "가", "도", "만", "로", "의", "에", "와", "과", "랑"];

function koreanStem(w: string): string {
  if (!/^\p{Script=Hangul}{2,}$/u.test(w)) return w;
  for (const e of KO_ENDINGS) if (w.length > e.length && w.endsWith(e)) return w.slice(0, -e.length);
  for (const e of KO_SHORT) if (w.length >= 3 && w.endsWith(e)) return w.slice(0, -e.length);
  return w;
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
