/** Fixed-width text tables for chat code blocks and the terminal. */
export function table(
  head: string[],
  rows: Array<Array<string | number | undefined>>,
  maxWidth = 40,
): string {
  const cells = [head, ...rows.map((r) => r.map((c) => (c === undefined ? "—" : String(c))))].map((r) =>
    r.map((c) => (c.length > maxWidth ? `${c.slice(0, maxWidth - 1)}…` : c)),
  );
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join(
    "\n",
  );
}

export const usd = (n: number | undefined, digits = 2) => (n === undefined ? "—" : `$${n.toFixed(digits)}`);
