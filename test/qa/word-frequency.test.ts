import { beforeAll, describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/core/qa/chunks.js";
import { decide, KnowledgeIndex } from "../../src/core/qa/knowledge-index.js";
import { BUILTIN_DIR, loadDocsFromDir } from "../../src/core/qa/load-docs.js";
import { FOREIGN_UNKNOWN_W, querySlots, type Vocabulary } from "../../src/core/qa/query.js";
import { term } from "../../src/core/qa/text/analyze.js";
import {
  englishRank,
  HALF_RANK,
  informativeness,
  KNOWN_HALF_RANK,
} from "../../src/core/qa/text/word-frequency.js";

let idx: KnowledgeIndex;
beforeAll(async () => {
  idx = new KnowledgeIndex();
  for (const d of await loadDocsFromDir(BUILTIN_DIR, "builtin")) idx.add(chunkDocument(d));
});

const top = (q: string) => {
  const d = decide(idx.query(q, { limit: 3 }));
  return d.found ? d.passages[0]!.chunk.section : "(not found)";
};

describe("general-English word frequency", () => {
  it("ranks words by how often they are spoken: common ones weigh little, rare ones in full", () => {
    expect(englishRank("time")).toBeLessThan(200);
    expect(englishRank("kubernetes")).toBeUndefined();
    expect(informativeness("time")).toBeLessThan(0.5);
    expect(informativeness("time")).toBeLessThan(informativeness("stuck"));
    expect(informativeness("stuck")).toBeLessThan(informativeness("quota"));
    expect(informativeness("quota")).toBeGreaterThan(0.95);
    expect(informativeness("kubernetes")).toBe(1);
    // A word at the half rank counts half.
    const r = englishRank("time")!;
    expect(informativeness("time")).toBeCloseTo(r / (r + HALF_RANK));
  });

  it("still finds the page when the question is padded with common words the pages never use", () => {
    expect(top("how do i top up my balance")).toBe("Topping up credits");
    expect(top("how do i top up my balance this time")).toBe("Topping up credits");
    expect(top("i dont understand how to top up my balance")).not.toBe("(not found)");
    expect(top("i am stuck, how do i create an api key")).toBe("Create your Theta EdgeCloud API key");
  });

  it("declines a question whose key word is rare and absent from the pages", () => {
    expect(top("how do i top up my balance with kubernetes")).toBe("(not found)");
    expect(top("how do i top up my balance with my bitcoin wallet")).toBe("(not found)");
  });

  it("weighs English questions' words by general-English frequency, page words far more gently; other languages' unknown words by half", () => {
    const pageTerms = new Set(["quota", "time"].map((w) => term(w, "en")!));
    const vocab: Vocabulary = {
      has: (t) => pageTerms.has(t),
      inPages: (t) => pageTerms.has(t),
      near: () => [],
    };
    const weightOf = (q: string, w: string, lang: "en" | "es" = "en") =>
      querySlots(q, vocab).find((s) => s.alts.some((a) => a.term === term(w, lang)))?.weight;
    expect(weightOf("why is my quota stuck?", "stuck")).toBeCloseTo(informativeness("stuck"));
    // A rare page word keeps (nearly) full weight; a very common one counts less, but far more than
    // the same word would if the pages never used it.
    expect(weightOf("why is my quota stuck?", "quota")).toBeGreaterThan(0.99);
    expect(weightOf("quota time?", "time")).toBeCloseTo(informativeness("time", KNOWN_HALF_RANK));
    expect(weightOf("quota time?", "time")).toBeLessThan(0.8);
    expect(weightOf("quota time?", "time")).toBeGreaterThan(informativeness("time") + 0.3);
    // In another language a word the pages never use counts half; a page word ("cuota" read as quota) in full.
    expect(weightOf("¿por qué mi cuota está stuck?", "stuck", "es")).toBe(FOREIGN_UNKNOWN_W);
    expect(FOREIGN_UNKNOWN_W).toBe(0.5);
  });

  it("weighs a word only the sections' asked phrasings use as one the pages never use", () => {
    const asked = new Set(["stuck", "quota"].map((w) => term(w, "en")!));
    const vocab: Vocabulary = {
      has: (t) => asked.has(t),
      inPages: (t) => t === term("quota", "en"),
      near: () => [],
    };
    const slot = querySlots("why is my quota stuck?", vocab).find((s) =>
      s.alts.some((a) => a.term === term("stuck", "en")),
    );
    expect(slot?.weight).toBeCloseTo(informativeness("stuck"));
  });
});
