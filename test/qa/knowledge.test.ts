import { describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/core/qa/chunks.js";
import { isRelevant, KnowledgeIndex } from "../../src/core/qa/knowledge-index.js";
import { BUILTIN_DIR, loadDocsFromDir } from "../../src/core/qa/load-docs.js";

async function index() {
  const idx = new KnowledgeIndex();
  for (const d of [
    ...(await loadDocsFromDir(BUILTIN_DIR, "builtin")),
    ...(await loadDocsFromDir("test/fixtures/kb-operator", "operator")),
  ]) {
    idx.add(chunkDocument(d));
  }
  return idx;
}

describe("knowledge base", () => {
  it("chunks Markdown and HTML by their headings", async () => {
    const docs = await loadDocsFromDir("test/fixtures/kb-operator", "operator");
    const html = docs.find((d) => d.format === "html")!;
    expect(html.title).toBe("Acme onboarding");
    expect(chunkDocument(html).map((c) => c.section)).toEqual([
      "Getting access to the Theta project",
      "Support contacts",
    ]);
  });

  it("a setup question finds the setup section first", async () => {
    const hits = (await index()).query("how do I set up my keys for the bot?");
    expect(hits[0]?.chunk.section).toBe("Add the keys to your server or workspace");
    expect(isRelevant(hits[0])).toBe(true);
  });

  it("an operator's question finds the operator's page, and a member's setup question still does not", async () => {
    const idx = await index();
    const top = (q: string) => {
      const h = idx.query(q)[0];
      return h && isRelevant(h) ? `${h.chunk.docTitle} › ${h.chunk.section}` : "(not found)";
    };
    expect(top("what happens when I set PUBLIC_URL")).toBe("Operating theta-bot › Completion webhooks");
    expect(top("the bot exits saying the http port is taken")).toBe(
      "Operating theta-bot › Health checks and metrics",
    );
    expect(top("how do i run the bot on more than 2500 discord servers")).toBe(
      "Operating theta-bot › Discord sharding",
    );
    expect(top("which exit code does the cli return when theta fails")).toBe(
      "Operating theta-bot › Command line options and exit codes",
    );
    expect(top("how do I set up my keys for the bot?")).toBe(
      "Setting up theta-bot › Add the keys to your server or workspace",
    );
  });

  it("an unrelated question is not relevant enough to answer", async () => {
    const hits = (await index()).query("what is the capital of Mongolia?");
    expect(isRelevant(hits[0])).toBe(false);
  });

  it("a tenant's documents are only ever returned for that tenant", async () => {
    const idx = await index();
    idx.add(
      chunkDocument({
        id: "t:a",
        title: "Team A secrets",
        source: "tenant",
        tenantId: "A",
        text: "## Launch codeword\nThe launch codeword is pelican.",
        format: "md",
      }),
    );
    expect(idx.query("launch codeword", { tenantId: "A" })[0]?.chunk.docId).toBe("t:a");
    expect(idx.query("launch codeword", { tenantId: "B" }).some((h) => h.chunk.docId === "t:a")).toBe(false);
    expect(idx.query("launch codeword").some((h) => h.chunk.docId === "t:a")).toBe(false);
  });
});
