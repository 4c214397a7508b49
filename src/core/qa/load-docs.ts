import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KnowledgeDoc } from "./chunks.js";

/** The bot's own user documentation, shipped in docs/kb (same path from src/ and dist/). */
export const BUILTIN_DIR = fileURLToPath(new URL("../../../docs/kb/", import.meta.url));
const FORMATS: Record<string, KnowledgeDoc["format"]> = {
  ".md": "md",
  ".markdown": "md",
  ".txt": "txt",
  ".html": "html",
  ".htm": "html",
};

function titleOf(text: string, file: string): string {
  return (
    /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ??
    /<title>([^<]+)<\/title>/i.exec(text)?.[1]?.trim() ??
    basename(file, extname(file))
  );
}

/** Every Markdown, text and HTML file of a folder (not recursive), as documents of one source. */
export async function loadDocsFromDir(dir: string, source: "builtin" | "operator"): Promise<KnowledgeDoc[]> {
  const names = (await readdir(dir)).filter((n) => FORMATS[extname(n).toLowerCase()]).sort();
  const docs: KnowledgeDoc[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), "utf8");
    docs.push({
      id: `${source}:${name}`,
      title: titleOf(text, name),
      source,
      text,
      format: FORMATS[extname(name).toLowerCase()]!,
    });
  }
  return docs;
}
