// @ts-nocheck
import MiniSearch from "minisearch";
import type { Chunk } from "./chunks.js";

export interface Hit {
  chunk: Chunk;
  score: number;
  /** Share of the query's content words found in the chunk (0–1): the "is this really about it" signal. */
  coverage: number;
}

const STOP = new Set(
  "a an and are as at be by can do does for from how i in is it me my of on or the to what when where which who why will with you your".split(
    " ",
  ),
);
const words = (s: string) =>
  s
    .toLowerCase()
    .match(/[a-z0-9_]+/g)
    ?.filter((w) => w.length > 1 && !STOP.has(w)) ?? [];

/**
 * BM25 retrieval (MiniSearch) over the shared chunks plus one tenant's. Prefix and fuzzy matching
 * catch plurals and typos; a coverage threshold decides "not in the docs" so the bot does not guess.
 */
export class KnowledgeIndex {
  private readonly search = new MiniSearch<Chunk>({
    fields: ["section", "text", "docTitle"],
    storeFields: ["id"],
    searchOptions: { boost: { section: 2.5, docTitle: 1.2 }, prefix: true, fuzzy: 0.15, combineWith: "OR" },
    processTerm: (t) => {
      const w = t.toLowerCase();
      return STOP.has(w) ? null : w;
    },
  });
  private readonly chunks = new Map<string, Chunk>();

  add(chunks: Chunk[]): void {
    const fresh = chunks.filter((c) => !this.chunks.has(c.id));
    for (const c of fresh) this.chunks.set(c.id, c);
    this.search.addAll(fresh);
  }

  removeDoc(docId: string): void {
    for (const c of [...this.chunks.values()]) {
      if (c.docId !== docId) continue;
      this.search.discard(c.id);
      this.chunks.delete(c.id);
    }
  }

  get size(): number {
    return this.chunks.size;
  }

  /** Best chunks for a question, from the shared docs and this tenant's only. */
  query(question: string, o: { tenantId?: string | undefined; limit?: number } = {}): Hit[] {
    const q = words(question);
    if (q.length === 0) return [];
    const results = this.search.search(q.join(" "), {
      filter: (r) => {
        const c = this.chunks.get(r.id as string);
        return Boolean(c && (c.source !== "tenant" || c.tenantId === o.tenantId));
      },
    });
    return results.slice(0, o.limit ?? 3).map((r) => {
      const chunk = this.chunks.get(r.id as string)!;
      const hay = new Set(words(`${chunk.section} ${chunk.text}`));
      const found = q.filter(
        (w) => hay.has(w) || [...hay].some((h) => h.startsWith(w) || w.startsWith(h)),
      ).length;
      return { chunk, score: r.score, coverage: found / q.length };
    });
  }
}

/** Enough of the question is answered by the best hit to use it rather than say "not found". */
export function isRelevant(hit: Hit | undefined, minCoverage = 0.4): boolean {
  return Boolean(hit && hit.coverage >= minCoverage && hit.score > 1);
}
