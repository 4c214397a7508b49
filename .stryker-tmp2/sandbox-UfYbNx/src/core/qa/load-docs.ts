// @ts-nocheck
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

/** The document's format from its file name, or undefined when it is not one the index reads. */
export function formatOf(file: string): KnowledgeDoc["format"] | undefined {
  return FORMATS[extname(file).toLowerCase()];
}

/** The first Markdown heading, the HTML title, else the file name without its extension. */
export function titleOf(text: string, file: string): string {
  return (
    /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ??
    /<title>([^<]+)<\/title>/i.exec(text)?.[1]?.trim() ??
    basename(file, extname(file))
  ).slice(0, 120);
}

/**
 * Where a document lives, so citations can link to it: a `url:` line in Markdown front matter, or
 * an HTML canonical link. Only http(s) URLs are kept.
 */
export function sourceUrlOf(text: string): { url: string | undefined; body: string } {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (fm) {
    const url = /^url:\s*(https?:\/\/\S+)\s*$/m.exec(fm[1]!)?.[1];
    return { url, body: text.slice(fm[0].length) };
  }
  const canonical = /<link[^>]+rel=["']canonical["'][^>]*href=["'](https?:\/\/[^"']+)["']/i.exec(text)?.[1];
  return { url: canonical, body: text };
}

/** Every Markdown, text and HTML file of a folder (not recursive), as documents of one source. */
export async function loadDocsFromDir(dir: string, source: "builtin" | "operator"): Promise<KnowledgeDoc[]> {
  const names = (await readdir(dir)).filter((n) => formatOf(n)).sort();
  const docs: KnowledgeDoc[] = [];
  for (const name of names) {
    const { url, body: text } = sourceUrlOf(await readFile(join(dir, name), "utf8"));
    docs.push({
      id: `${source}:${name}`,
      title: titleOf(text, name),
      source,
      url,
      text,
      format: formatOf(name)!,
    });
  }
  return docs;
}
