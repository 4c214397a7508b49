/** Knowledge documents and their sections, the unit retrieval works on. */
import { htmlSections } from "./html.js";
import { markdownSections, type Section } from "./markdown.js";

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
  /** The heading path below the title ("Section › Subsection"), or the title for text before any heading. */
  section: string;
  /** `Doc › Section › Subsection`: what the chunk is about, indexed as its heading. */
  headingPath: string;
  text: string;
  /** How people ask for what the section answers (markdown `<!-- asked: … -->`), indexed, never shown. */
  asked?: string | undefined;
  source: KnowledgeDoc["source"];
  tenantId?: string | undefined;
  url?: string | undefined;
}

export const SEP = " › ";
const MAX_CHUNK = 1500;
const MAX_OVERLAP = 300;

function plainSections(text: string): Section[] {
  const blocks = text
    .split(/\r?\n\s*\r?\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return blocks.length ? [{ path: [], blocks, asked: [] }] : [];
}

/** The end of a part, repeated at the start of the next so a split never cuts a thought in two. */
function overlapOf(last: string): string | undefined {
  if (last.startsWith("```")) return undefined;
  if (last.length <= MAX_OVERLAP) return last;
  const tail = last.slice(-MAX_OVERLAP);
  const sentence = /[.!?]\s+(\S[\s\S]*)$/.exec(tail)?.[1];
  return sentence && sentence.length > 40 ? sentence : undefined;
}

/** A section's blocks in parts of at most MAX_CHUNK characters (a longer block stands alone). */
function split(blocks: string[]): string[] {
  const parts: string[][] = [];
  let cur: string[] = [];
  let size = 0;
  let fresh = 0;
  for (const b of blocks) {
    if (fresh > 0 && size + b.length > MAX_CHUNK) {
      parts.push(cur);
      const carry = overlapOf(cur.at(-1)!);
      cur = carry ? [carry] : [];
      size = carry?.length ?? 0;
      fresh = 0;
    }
    cur.push(b);
    size += b.length + 2;
    fresh++;
  }
  if (fresh > 0) parts.push(cur);
  return parts.map((p) => p.join("\n\n"));
}

/** Splits a document at its headings (Markdown or HTML); long sections are split at blocks, with overlap. */
export function chunkDocument(doc: KnowledgeDoc): Chunk[] {
  const sections =
    doc.format === "md"
      ? markdownSections(doc.text).sections
      : doc.format === "html"
        ? htmlSections(doc.text).sections
        : plainSections(doc.text);
  const chunks: Chunk[] = [];
  for (const s of sections) {
    const section = s.path.length ? s.path.join(SEP) : doc.title;
    const headingPath = [doc.title, ...s.path].join(SEP);
    for (const text of split(s.blocks)) {
      chunks.push({
        id: `${doc.id}#${chunks.length}`,
        docId: doc.id,
        docTitle: doc.title,
        section,
        headingPath,
        text,
        asked: s.asked.length ? s.asked.join(" | ") : undefined,
        source: doc.source,
        tenantId: doc.tenantId,
        url: doc.url,
      });
    }
  }
  return chunks;
}
