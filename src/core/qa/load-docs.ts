import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KnowledgeDoc } from "./chunks.js";
import { htmlSections } from "./html.js";
import { frontMatter, markdownSections } from "./markdown.js";

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

/** The front matter's title, the first level-1 heading, the HTML title, else the file name. */
export function titleOf(text: string, file: string): string {
  const format = formatOf(file);
  const fm = format === "md" ? frontMatter(text).data.title : undefined;
  const found =
    typeof fm === "string" && fm.trim()
      ? fm.trim()
      : format === "md"
        ? markdownSections(text).title
        : format === "html"
          ? htmlSections(text).title
          : undefined;
  return (found || basename(file, extname(file))).slice(0, 120);
}

const httpUrl = (v: unknown) =>
  typeof v === "string" && /^https?:\/\/\S+$/.test(v.trim()) ? v.trim() : undefined;

/**
 * Where a document lives, so citations can link to it: `url:` in Markdown (YAML) front matter, or
 * an HTML canonical link. Only http(s) URLs are kept. The body is the text after the front matter.
 */
export function sourceUrlOf(text: string): { url: string | undefined; body: string } {
  const fm = frontMatter(text);
  if (fm.body !== text) return { url: httpUrl(fm.data.url), body: fm.body };
  const canonical = /<link[^>]+rel=["']canonical["'][^>]*href=["'](https?:\/\/[^"']+)["']/i.exec(text)?.[1];
  return { url: canonical, body: text };
}

/** Every Markdown, text and HTML file of a folder (not recursive), as documents of one source. */
export async function loadDocsFromDir(dir: string, source: "builtin" | "operator"): Promise<KnowledgeDoc[]> {
  const names = (await readdir(dir)).filter((n) => formatOf(n)).sort();
  const docs: KnowledgeDoc[] = [];
  for (const name of names) {
    const raw = await readFile(join(dir, name), "utf8");
    const { url, body: text } = sourceUrlOf(raw);
    docs.push({
      id: `${source}:${name}`,
      title: titleOf(raw, name),
      source,
      url,
      text,
      format: formatOf(name)!,
    });
  }
  return docs;
}
