/**
 * Markdown documents through a real parser (mdast-util-from-markdown with YAML front matter):
 * sections by heading path, code fences kept whole (a "# comment" inside one is code, not a
 * heading), entities decoded once by the parser.
 */
import type { Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { toString as mdText } from "mdast-util-to-string";
import { frontmatter } from "micromark-extension-frontmatter";
import { parse as parseYaml } from "yaml";
import { htmlText } from "./html.js";

export interface Section {
  /** Headings below the document title, outermost first; empty for text before the first one. */
  path: string[];
  /** Paragraphs, lists, tables and code fences, each whole. */
  blocks: string[];
  /**
   * How people ask for what the section answers, from `<!-- asked: … | … -->` lines (hidden when the
   * page is rendered, never shown to the model): indexed as a field of their own.
   */
  asked: string[];
}

const ASKED = /^<!--\s*asked:\s*([\s\S]*?)\s*-->$/i;

/** The phrasings of an `asked` comment, or undefined for any other HTML. */
function askedOf(html: string): string[] | undefined {
  const m = ASKED.exec(html.trim());
  return m
    ? m[1]!
        .split("|")
        .map((q) => q.trim())
        .filter(Boolean)
    : undefined;
}

function parseTree(text: string): Root {
  return fromMarkdown(text, {
    extensions: [frontmatter(["yaml"])],
    mdastExtensions: [frontmatterFromMarkdown(["yaml"])],
  });
}

/** The YAML front matter's fields (empty when there is none or it does not parse) and the text after it. */
export function frontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const first = parseTree(text).children[0];
  if (first?.type !== "yaml") return { data: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(first.value);
  } catch {
    data = undefined;
  }
  const end = first.position?.end.offset ?? 0;
  return {
    data: data && typeof data === "object" ? (data as Record<string, unknown>) : {},
    body: text.slice(end).replace(/^\r?\n/, ""),
  };
}

function block(node: RootContent | Nodes, indent = ""): string | undefined {
  switch (node.type) {
    case "yaml":
    case "thematicBreak":
    case "definition":
      return undefined;
    case "code":
      return `\`\`\`${node.lang ?? ""}\n${node.value}\n\`\`\``;
    case "html":
      return htmlText(node.value) || undefined;
    case "list":
      return node.children
        .map((item, i) => {
          const mark = node.ordered ? `${(node.start ?? 1) + i}.` : "-";
          const parts = item.children.map((c) => block(c, `${indent}  `)).filter(Boolean);
          return `${indent}${mark} ${parts.join("\n")}`;
        })
        .join("\n");
    case "blockquote":
      return node.children
        .map((c) => block(c))
        .filter(Boolean)
        .map((t) => `> ${t}`)
        .join("\n");
    case "table":
      return node.children.map((row) => row.children.map((c) => mdText(c)).join(" | ")).join("\n");
    default:
      return mdText(node) || undefined;
  }
}

/** The document's title (its first heading when that is a level-1 one) and its sections. */
export function markdownSections(text: string): { title: string | undefined; sections: Section[] } {
  const tree = parseTree(text);
  let title: string | undefined;
  const stack: Array<{ depth: number; text: string }> = [];
  const sections: Section[] = [];
  let current: Section = { path: [], blocks: [], asked: [] };
  let seenHeading = false;
  for (const node of tree.children) {
    if (node.type === "heading") {
      const textOf = mdText(node).trim();
      if (!seenHeading && node.depth === 1) {
        title = textOf;
        seenHeading = true;
        continue;
      }
      seenHeading = true;
      if (current.blocks.length) sections.push(current);
      while (stack.length && stack.at(-1)!.depth >= node.depth) stack.pop();
      stack.push({ depth: node.depth, text: textOf });
      current = { path: stack.map((s) => s.text), blocks: [], asked: [] };
      continue;
    }
    const asked = node.type === "html" ? askedOf(node.value) : undefined;
    if (asked) {
      current.asked.push(...asked);
      continue;
    }
    const b = block(node);
    if (b?.trim()) current.blocks.push(b.trim());
  }
  if (current.blocks.length) sections.push(current);
  return { title, sections };
}
