import { describe, expect, it } from "vitest";
import { chunkDocument, type KnowledgeDoc } from "../../src/core/qa/chunks.js";
import { decide, KnowledgeIndex } from "../../src/core/qa/knowledge-index.js";
import { sourceUrlOf, titleOf } from "../../src/core/qa/load-docs.js";

const md = (text: string, format: KnowledgeDoc["format"] = "md"): KnowledgeDoc => ({
  id: "t:doc",
  title: titleOf(text, format === "html" ? "doc.html" : "doc.md"),
  source: "operator",
  text: sourceUrlOf(text).body,
  format,
});

describe("chunking with a Markdown and an HTML parser", () => {
  it("gives every chunk its heading path, and a second top-level heading its own section", () => {
    const chunks = chunkDocument(
      md("# Runbook\n\nIntro text.\n\n## Deploy\nStep one.\n\n### Rollback\nUndo it.\n\n# Appendix\nMore.\n"),
    );
    expect(chunks.map((c) => [c.section, c.headingPath])).toEqual([
      ["Runbook", "Runbook"],
      ["Deploy", "Runbook › Deploy"],
      ["Deploy › Rollback", "Runbook › Deploy › Rollback"],
      ["Appendix", "Runbook › Appendix"],
    ]);
  });

  it("keeps a code fence whole: a # comment inside it is code, not a heading", () => {
    const chunks = chunkDocument(
      md("# Ops\n\n## Restart\nRun this:\n\n```bash\n# stop first\nsystemctl restart bot\n```\n\nDone.\n"),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.section).toBe("Restart");
    expect(chunks[0]!.text).toContain("```bash\n# stop first\nsystemctl restart bot\n```");
  });

  it("splits a long section at blocks with a short overlap, never inside a code fence", () => {
    const paras = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${"words ".repeat(30)}end.`);
    const code = `\`\`\`\n${"x = 1\n".repeat(60)}\`\`\``;
    const chunks = chunkDocument(md(`# Long\n\n## Part\n${paras.join("\n\n")}\n\n${code}\n`));
    expect(chunks.length).toBeGreaterThan(1);
    for (let i = 1; i < chunks.length; i++) {
      const prevLast = chunks[i - 1]!.text.split("\n\n").at(-1)!;
      if (!prevLast.startsWith("```")) expect(chunks[i]!.text.startsWith(prevLast)).toBe(true);
    }
    expect(chunks.some((c) => c.text.includes(code))).toBe(true);
    expect(chunks.every((c) => c.section === "Part")).toBe(true);
  });

  it("decodes entities once, named and numeric, in Markdown and HTML", () => {
    const m = chunkDocument(md("# E\n\n## S\nUse &amp;lt;b&amp;gt; and &#8212; here.\n"));
    expect(m[0]!.text).toBe("Use &lt;b&gt; and — here.");
    const h = chunkDocument(
      md(
        "<html><head><title>Ent</title></head><body><h1>Ent</h1><h2>A &amp; B</h2><p>x &amp;lt; y &#8212; z</p></body></html>",
        "html",
      ),
    );
    expect(h.map((c) => [c.section, c.text])).toEqual([["A & B", "x &lt; y — z"]]);
  });

  it("reads YAML front matter: the source url and a title", () => {
    const text =
      "---\ntitle: Billing FAQ\nurl: https://wiki.example/billing\n---\n# Ignored heading\n\n## Invoices\nMonthly.\n";
    expect(sourceUrlOf(text).url).toBe("https://wiki.example/billing");
    expect(titleOf(text, "faq.md")).toBe("Billing FAQ");
    expect(sourceUrlOf("---\nurl: javascript:alert(1)\n---\nx").url).toBeUndefined();
  });

  it("reads a section's <!-- asked: … --> phrasings into their own field, out of the text the model sees", () => {
    const [c] = chunkDocument(
      md(
        "# Media\n\n## Images\n<!-- asked: make a pic | draw me art | cómo hago una foto -->\n/imagine makes an image.\n",
      ),
    );
    expect(c!.asked).toBe("make a pic | draw me art | cómo hago una foto");
    expect(c!.text).toBe("/imagine makes an image.");
    // Any other HTML comment is not a phrasing list.
    const [d] = chunkDocument(md("# M\n\n## S\n<!-- note to editors -->\nBody.\n"));
    expect(d!.asked).toBeUndefined();
  });

  it("finds a section by the words people ask with, though its text never uses them", () => {
    const idx = new KnowledgeIndex();
    idx.add(
      chunkDocument(
        md(
          "# Media\n\n## Images\n<!-- asked: how do i make a pic | draw me some art -->\n/imagine makes an image from a prompt.\n\n## Video\n/video makes a clip.\n",
        ),
      ),
    );
    const d = decide(idx.query("how can i draw a pic?", { limit: 2 }));
    expect(d.found).toBe(true);
    expect(d.passages[0]!.chunk.section).toBe("Images");
  });
});
