/** Knowledge documents and their sections, the unit retrieval works on. */
// @ts-nocheck

export interface KnowledgeDoc {
  id: string;
  title: string;
  /** builtin: the bot's own docs; operator: KNOWLEDGE_DIR; tenant: added from chat. */
  source: "builtin" | "operator" | "tenant";
  tenantId?: string | undefined;
  url?: string | undefined;
  text: string;
  format: "md" | "txt" | "html";
}

export interface Chunk {
  id: string;
  docId: string;
  docTitle: string;
  section: string;
  text: string;
  source: KnowledgeDoc["source"];
  tenantId?: string | undefined;
  url?: string | undefined;
}

const MAX_CHUNK = 1800;

function htmlToMarkdown(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(
      /<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi,
      (_m, n: string, t: string) => `\n${"#".repeat(Number(n))} ${t}\n`,
    )
    .replace(/<br\s*\/?>|<\/p>|<\/li>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

/** Splits a document at its headings (Markdown or HTML); long sections are split at paragraphs. */
export function chunkDocument(doc: KnowledgeDoc): Chunk[] {
  const text = doc.format === "html" ? htmlToMarkdown(doc.text) : doc.text;
  const chunks: Chunk[] = [];
  let section = doc.title;
  let buf: string[] = [];
  const flush = () => {
    const body = buf.join("\n").trim();
    buf = [];
    if (!body) return;
    const parts: string[] = [];
    let cur = "";
    for (const para of body.split(/\n\s*\n/)) {
      if (cur && cur.length + para.length > MAX_CHUNK) {
        parts.push(cur);
        cur = "";
      }
      cur = cur ? `${cur}\n\n${para}` : para;
    }
    if (cur) parts.push(cur);
    for (const p of parts) {
      chunks.push({
        id: `${doc.id}#${chunks.length}`,
        docId: doc.id,
        docTitle: doc.title,
        section,
        text: p,
        source: doc.source,
        tenantId: doc.tenantId,
        url: doc.url,
      });
    }
  };
  for (const line of text.split(/\r?\n/)) {
    const h = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
    if (h && doc.format !== "txt") {
      flush();
      if (h[1]!.length === 1) continue; // the document title
      section = h[2]!;
      continue;
    }
    buf.push(line);
  }
  flush();
  return chunks;
}
