/** Plain-text rendering of a JSON-like value for humans: indented keys, short arrays inline. */
// @ts-nocheck

export function renderValue(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  if (value === null || value === undefined) return `${pad}-`;
  if (typeof value !== "object") return `${pad}${String(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}(none)`;
    if (value.every((v) => v === null || typeof v !== "object")) return `${pad}${value.join(", ")}`;
    return value.map((v, i) => `${pad}- [${i + 1}]\n${renderValue(v, indent + 2)}`).join("\n");
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return `${pad}(empty)`;
  return entries
    .map(([k, v]) =>
      v !== null &&
      typeof v === "object" &&
      !(Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"))
        ? `${pad}${k}:\n${renderValue(v, indent + 2)}`
        : `${pad}${k}: ${renderValue(v, 0)}`,
    )
    .join("\n");
}
