import { beforeAll, describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/core/qa/chunks.js";
import { decide, KnowledgeIndex } from "../../src/core/qa/knowledge-index.js";
import { BUILTIN_DIR, loadDocsFromDir } from "../../src/core/qa/load-docs.js";
import { querySlots, type Vocabulary } from "../../src/core/qa/query.js";
import { term } from "../../src/core/qa/text/analyze.js";
import { typoDistance } from "../../src/core/qa/text/edit-distance.js";

let idx: KnowledgeIndex;
beforeAll(async () => {
  idx = new KnowledgeIndex();
  for (const d of await loadDocsFromDir(BUILTIN_DIR, "builtin")) idx.add(chunkDocument(d));
});

const sections = (q: string) => decide(idx.query(q, { limit: 4 })).passages.map((h) => h.chunk.docId);

describe("typing mistakes", () => {
  it("counts a swap of two neighbouring letters as one edit, and stops past the limit", () => {
    expect(typoDistance("qouta", "quota", 1)).toBe(1);
    expect(typoDistance("quota", "quota", 1)).toBe(0);
    expect(typoDistance("kitten", "sitting", 3)).toBe(3);
    expect(typoDistance("abcdef", "uvwxyz", 2)).toBe(3);
    expect(typoDistance("short", "much longer", 2)).toBe(3);
  });

  it("allows two mistakes only in long words, where two edits rarely turn one word into another", () => {
    const i = new KnowledgeIndex();
    i.add(
      chunkDocument({
        id: "t:b",
        title: "B",
        source: "operator",
        format: "md",
        text: "## Billing\nBilling is monthly.\n\n## Deployments\nDeployments run on machines.\n",
      }),
    );
    const top = (q: string) => i.query(q, { limit: 1 })[0]?.chunk.section;
    expect(top("how tall is that building")).toBeUndefined();
    expect(top("list my depolymnets")).toBe("Deployments");
  });

  it("reads a short unknown word as a misspelt stopword only for a missing, added or swapped letter", () => {
    // "save" is one changed letter from "have": it stays a word of the question ("wich" does not).
    const none: Vocabulary = { has: () => false, inPages: () => false, near: () => [] };
    const said = (q: string) => querySlots(q, none).flatMap((s) => s.alts.map((a) => a.term));
    expect(said("how much money should i save each month")).toContain(term("save", "en"));
    expect(said("wich gpu")).toEqual([term("gpu", "en")]);
    // The ranking is what a dropped misspelling changes: the machine page stays among the first three.
    const ranked = idx.query("wich gpu do i need for a 70b model", { limit: 3 }).map((h) => h.chunk.docId);
    expect(ranked).toContain("builtin:theta-machines.md");
  });

  it("joins a word typed in two halves when the whole is a page word", () => {
    expect(sections("do video web hooks arrive in order")).toContain("builtin:theta-video.md");
    const i = new KnowledgeIndex();
    i.add(
      chunkDocument({
        id: "t:j",
        title: "J",
        source: "operator",
        format: "md",
        text: "## Dashboard\nThe dashboard lists every deployment.\n\n## Other\nNothing else here.\n",
      }),
    );
    expect(i.query("where is the dash board", { limit: 1 })[0]?.chunk.section).toBe("Dashboard");
  });

  it("a query with swapped letters still finds the page", () => {
    expect(sections("how do i raise my gpu qouta")).toContain("builtin:theta-quotas.md");
  });
});
