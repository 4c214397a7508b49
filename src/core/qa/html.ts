/** HTML documents through html-to-text: headings become section boundaries, entities are decoded once. */
import { compile } from "html-to-text";
import type { Section } from "./markdown.js";

const MARK = "\u0001";

const toText = compile({
  wordwrap: false,
  formatters: {
    headingMark: (elem, walk, builder, opts) => {
      builder.openBlock({ leadingLineBreaks: 2 });
      builder.addLiteral(`${MARK}${String((opts as { level?: number }).level ?? 2)}${MARK}`);
      walk(elem.children, builder);
      builder.closeBlock({ trailingLineBreaks: 2 });
    },
  },
  selectors: [
    ...[1, 2, 3, 4, 5, 6].map((level) => ({
      selector: `h${level}`,
      format: "headingMark",
      options: { level },
    })),
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
  ],
});

const plain = compile({
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
  ],
});

/** Plain text of an HTML fragment. */
export function htmlText(html: string): string {
  return plain(html).trim();
}

/** The document's title (its <title>, else its first h1) and its sections by heading. */
export function htmlSections(html: string): { title: string | undefined; sections: Section[] } {
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  let title = titleTag ? htmlText(titleTag) || undefined : undefined;
  const stack: Array<{ depth: number; text: string }> = [];
  const sections: Section[] = [];
  let current: Section = { path: [], blocks: [], asked: [] };
  let para: string[] = [];
  let seenHeading = false;
  const endPara = () => {
    if (para.length) current.blocks.push(para.join("\n"));
    para = [];
  };
  for (const line of toText(html).split("\n")) {
    const h = new RegExp(`^${MARK}(\\d)${MARK}(.*)$`).exec(line);
    if (h) {
      endPara();
      const depth = Number(h[1]);
      const text = h[2]!.trim();
      const isTitle = !seenHeading && depth === 1 && (!title || title === text);
      seenHeading = true;
      if (isTitle) {
        title = text;
        continue;
      }
      if (current.blocks.length) sections.push(current);
      while (stack.length && stack.at(-1)!.depth >= depth) stack.pop();
      stack.push({ depth, text });
      current = { path: stack.map((s) => s.text), blocks: [], asked: [] };
    } else if (line.trim()) para.push(line.trimEnd());
    else endPara();
  }
  endPara();
  if (current.blocks.length) sections.push(current);
  return { title, sections };
}
