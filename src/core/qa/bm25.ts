/**
 * BM25F over two fields (heading path and body) with a relevance that is calibrated per query:
 * the score a chunk gets divided by the best score the query could get, where "best" means each
 * slot found once in the body of a chunk of average length (more counts no further). Words the index has never
 * seen keep their (high) weight in the best score, so a question about something the pages never
 * mention scores low however well its common words match.
 */

import { distance } from "fastest-levenshtein";
import type { Slot, Vocabulary } from "./query.js";
import { detectLang, fold, term, terms, termsOf, words } from "./text/analyze.js";
import { typoDistance } from "./text/edit-distance.js";

/**
 * Shortest word in which two typing mistakes are corrected (shorter ones get one). Measured on the
 * built-in pages' own words: 15 % of 8-letter page words have another page word within two edits,
 * 2 % of 9-letter ones; within one edit, 10 % at 5 letters and under 3 % from 7.
 */
export const MIN_LEN_TWO_EDITS = 9;

/**
 * BM25F parameters, chosen on the development half of bench/qa-set (the results were flat around
 * them; for the `asked` phrasings, bAsked 0–0.75 and wAsked 0.5–2 changed either fold by 0.02 at most).
 */
export const PARAMS = { k1: 0.9, bHeading: 0.4, bBody: 0.5, wHeading: 2, wBody: 1, bAsked: 0.5, wAsked: 1 };

interface Doc {
  id: string;
  alive: boolean;
  hLen: number;
  bLen: number;
  aLen: number;
  terms: string[];
  /** The terms its heading or body uses. */
  pageTerms: string[];
}

interface Posting {
  docs: number[];
  h: number[];
  b: number[];
  /** Counts in the chunk's `asked` phrasings (how people ask for it). */
  a: number[];
}

export interface Scored {
  id: string;
  score: number;
  /** score ÷ the query's best possible score, 0–1. */
  relevance: number;
}

const sat = (x: number) => (x * (PARAMS.k1 + 1)) / (x + PARAMS.k1);

export class Bm25Index implements Vocabulary {
  private docs: Doc[] = [];
  private byId = new Map<string, number>();
  private postings = new Map<string, Posting>();
  private df = new Map<string, number>();
  /** Chunks whose heading or body (not only their `asked` phrasings) use the term. */
  private pageDf = new Map<string, number>();
  /** Page words as written (folded) → their term, bucketed by length, for spelling fixes. */
  private surface = new Map<number, Map<string, string>>();
  private alive = 0;
  private sumH = 0;
  private sumB = 0;
  private sumA = 0;

  get size(): number {
    return this.alive;
  }

  add(id: string, heading: string, body: string, asked = ""): void {
    if (this.byId.has(id)) return;
    const bodyWords = words(body);
    const lang = detectLang(body, bodyWords);
    const headingWords = words(heading);
    const hTerms = termsOf(headingWords, lang);
    const bTerms = termsOf(bodyWords, lang);
    // Phrasings come in several languages: each is analysed in its own.
    const aTerms = asked.split("|").flatMap((q) => terms(q));
    const n = this.docs.length;
    const counts = new Map<string, { h: number; b: number; a: number }>();
    const bump = (t: string, f: "h" | "b" | "a") => {
      const c = counts.get(t) ?? { h: 0, b: 0, a: 0 };
      c[f]++;
      counts.set(t, c);
    };
    for (const t of hTerms) bump(t, "h");
    for (const t of bTerms) bump(t, "b");
    for (const t of aTerms) bump(t, "a");
    for (const [t, c] of counts) {
      let p = this.postings.get(t);
      if (!p) {
        p = { docs: [], h: [], b: [], a: [] };
        this.postings.set(t, p);
      }
      p.docs.push(n);
      p.h.push(c.h);
      p.b.push(c.b);
      p.a.push(c.a);
      this.df.set(t, (this.df.get(t) ?? 0) + 1);
      if (c.h + c.b > 0) this.pageDf.set(t, (this.pageDf.get(t) ?? 0) + 1);
    }
    const seen = new Set<string>();
    for (const w of [...headingWords, ...bodyWords, ...words(asked)]) {
      if (w.length < 5 || seen.has(w)) continue;
      seen.add(w);
      const f = fold(w);
      if (f.length < 5 || /\d/.test(f)) continue;
      const t = term(w, lang);
      if (!t) continue;
      let bucket = this.surface.get(f.length);
      if (!bucket) {
        bucket = new Map();
        this.surface.set(f.length, bucket);
      }
      if (!bucket.has(f)) bucket.set(f, t);
    }
    this.docs.push({
      id,
      alive: true,
      hLen: hTerms.length,
      bLen: bTerms.length,
      aLen: aTerms.length,
      terms: [...counts.keys()],
      pageTerms: [...counts].filter(([, c]) => c.h + c.b > 0).map(([t]) => t),
    });
    this.byId.set(id, n);
    this.alive++;
    this.sumH += hTerms.length;
    this.sumB += bTerms.length;
    this.sumA += aTerms.length;
    this.version++;
  }

  remove(id: string): void {
    const n = this.byId.get(id);
    if (n === undefined) return;
    const d = this.docs[n]!;
    d.alive = false;
    this.byId.delete(id);
    this.alive--;
    this.sumH -= d.hLen;
    this.sumB -= d.bLen;
    this.sumA -= d.aLen;
    for (const t of d.terms) this.df.set(t, (this.df.get(t) ?? 1) - 1);
    for (const t of d.pageTerms) this.pageDf.set(t, (this.pageDf.get(t) ?? 1) - 1);
    this.version++;
    if (this.docs.length > 64 && this.alive < this.docs.length * 0.75) this.compact();
  }

  has(t: string): boolean {
    return (this.df.get(t) ?? 0) > 0;
  }

  /** The pages themselves use the term (not only the phrasings of how people ask). */
  inPages(t: string): boolean {
    return (this.pageDf.get(t) ?? 0) > 0;
  }

  /**
   * Page words one typing mistake away (two for long words): a swap of neighbouring letters is one,
   * so a second edit is allowed only where a word is long enough that two edits rarely turn one
   * real word into another ("building" is not "billing").
   */
  near(word: string): string[] {
    if (word.length < 5) return [];
    const max = word.length >= MIN_LEN_TWO_EDITS ? 2 : 1;
    const found: Array<[string, number]> = [];
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const [w, t] of this.surface.get(len) ?? []) {
        // Typing mistakes rarely touch the first letter: only page words that share it are candidates
        // (fewer chance matches for words the pages simply never use).
        if (w[0] !== word[0]) continue;
        // Levenshtein first (fast); a swap of two letters costs it two, so only then look closer.
        const lev = distance(word, w);
        const d = lev <= max || lev > 2 * max ? lev : typoDistance(word, w, max);
        if (d <= max && this.has(t)) found.push([t, d]);
      }
    }
    found.sort((a, b) => a[1] - b[1]);
    return [...new Set(found.map(([t]) => t))].slice(0, 3);
  }

  private idf(t: string): number {
    const df = this.df.get(t) ?? 0;
    return Math.log(1 + (this.alive - df + 0.5) / (df + 0.5));
  }

  /** Full marks for one alternative: found once in the body of a chunk of average length (a heading match can reach it sooner). */
  private best(t: string): number {
    return this.idf(t) * sat(PARAMS.wBody);
  }

  /** Per-chunk length normalisation of each field, recomputed when the index changed. */
  private norms: { h: Float64Array; b: Float64Array; a: Float64Array; version: number } | undefined;
  private version = 0;

  private lengthNorms() {
    if (this.norms?.version === this.version) return this.norms;
    const avgH = this.sumH / this.alive || 1;
    const avgB = this.sumB / this.alive || 1;
    const avgA = this.sumA / this.alive || 1;
    const h = new Float64Array(this.docs.length);
    const b = new Float64Array(this.docs.length);
    const a = new Float64Array(this.docs.length);
    this.docs.forEach((d, n) => {
      h[n] = PARAMS.wHeading / (1 - PARAMS.bHeading + (PARAMS.bHeading * d.hLen) / avgH);
      b[n] = PARAMS.wBody / (1 - PARAMS.bBody + (PARAMS.bBody * d.bLen) / avgB);
      a[n] = PARAMS.wAsked / (1 - PARAMS.bAsked + (PARAMS.bAsked * d.aLen) / avgA);
    });
    this.norms = { h, b, a, version: this.version };
    return this.norms;
  }

  /** Chunks for the query, best first, among those `allow` accepts. */
  search(slots: Slot[], limit: number, allow: (id: string) => boolean): Scored[] {
    if (slots.length === 0 || this.alive === 0) return [];
    const norms = this.lengthNorms();
    const { total, raw, slotScore } = this.scratchFor(this.docs.length);
    const touched: number[] = [];
    let bestTotal = 0;
    for (const slot of slots) {
      const known = slot.alts.filter((a) => this.has(a.term));
      const slotBest = known.length
        ? Math.max(...known.map((a) => a.w * this.best(a.term)))
        : this.best(slot.alts[0]!.term);
      bestTotal += slot.weight * slotBest;
      const hit: number[] = [];
      const k1 = PARAMS.k1;
      for (const a of known) {
        const p = this.postings.get(a.term)!;
        const scale = a.w * this.idf(a.term) * (k1 + 1);
        const { docs, h, b, a: asked } = p;
        for (let i = 0; i < docs.length; i++) {
          const n = docs[i]!;
          const tf = h[i]! * norms.h[n]! + b[i]! * norms.b[n]! + asked[i]! * norms.a[n]!;
          const s = (scale * tf) / (tf + k1);
          const prev = slotScore[n]!;
          if (prev === 0) hit.push(n);
          if (s > prev) slotScore[n] = s;
        }
      }
      const cap = slot.weight;
      for (const n of hit) {
        if (total[n] === 0) touched.push(n);
        total[n]! += cap * Math.min(slotScore[n]!, slotBest);
        raw[n]! += cap * slotScore[n]!;
        slotScore[n] = 0;
      }
    }
    // Ranked by the uncapped score (a heading match or a repeated word still tells chunks apart),
    // top `limit` by insertion: the candidate list can be every chunk, the limit is a handful.
    const top: number[] = [];
    for (const n of touched) {
      const d = this.docs[n]!;
      if (!d.alive) continue;
      const s = raw[n]!;
      if (top.length === limit && s <= raw[top.at(-1)!]!) continue;
      if (!allow(d.id)) continue;
      let i = top.length;
      while (i > 0 && raw[top[i - 1]!]! < s) i--;
      top.splice(i, 0, n);
      if (top.length > limit) top.pop();
    }
    const out = top.map((n) => ({
      id: this.docs[n]!.id,
      score: raw[n]!,
      relevance: bestTotal ? total[n]! / bestTotal : 0,
    }));
    for (const n of touched) {
      total[n] = 0;
      raw[n] = 0;
    }
    return out;
  }

  /** Score buffers reused across queries (zeroed after each through the touched list). */
  private scratch: Record<"total" | "raw" | "slotScore", Float64Array> | undefined;
  private scratchFor(n: number) {
    if (!this.scratch || this.scratch.total.length < n) {
      const size = Math.max(n, 1024) * 2;
      this.scratch = {
        total: new Float64Array(size),
        raw: new Float64Array(size),
        slotScore: new Float64Array(size),
      };
    }
    return this.scratch;
  }

  private compact(): void {
    const keep = this.docs.filter((d) => d.alive);
    const remap = new Map<number, number>();
    this.docs.forEach((d, i) => {
      if (d.alive) remap.set(i, remap.size);
    });
    for (const [t, p] of this.postings) {
      const next: Posting = { docs: [], h: [], b: [], a: [] };
      p.docs.forEach((n, i) => {
        const m = remap.get(n);
        if (m === undefined) return;
        next.docs.push(m);
        next.h.push(p.h[i]!);
        next.b.push(p.b[i]!);
        next.a.push(p.a[i]!);
      });
      if (next.docs.length) this.postings.set(t, next);
      else {
        this.postings.delete(t);
        this.df.delete(t);
        this.pageDf.delete(t);
      }
    }
    this.docs = keep;
    this.byId = new Map(keep.map((d, i) => [d.id, i]));
    this.version++;
  }
}
