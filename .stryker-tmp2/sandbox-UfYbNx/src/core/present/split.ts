/**
 * Splits text for platforms with a message size limit: at paragraph, then line, then sentence,
 * then word boundaries, never inside a code fence without closing and reopening it.
 */
// @ts-nocheck

export function splitMessage(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  let reopen = "";
  while (rest.length > 0) {
    const budget = limit - reopen.length - 4;
    if (reopen.length + rest.length <= limit) {
      parts.push(reopen + rest);
      break;
    }
    const window = rest.slice(0, budget);
    let cut = Math.max(window.lastIndexOf("\n\n"), -1);
    if (cut < budget * 0.5) cut = window.lastIndexOf("\n");
    if (cut < budget * 0.5)
      cut = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? ")) + 1;
    if (cut < budget * 0.5) cut = window.lastIndexOf(" ");
    if (cut <= 0) cut = budget;
    let chunk = reopen + rest.slice(0, cut).trimEnd();
    const fences = (chunk.match(/```/g) ?? []).length;
    const open = fences % 2 === 1;
    const lang = open ? (/```(\w*)[^`]*$/.exec(chunk)?.[1] ?? "") : "";
    if (open) chunk += "\n```";
    parts.push(chunk);
    reopen = open ? `\`\`\`${lang}\n` : "";
    rest = rest.slice(cut).trimStart();
  }
  return parts;
}
