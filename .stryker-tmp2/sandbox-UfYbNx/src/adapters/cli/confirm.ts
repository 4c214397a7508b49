// @ts-nocheck
import { createInterface } from "node:readline/promises";
import type { Quote } from "../../core/operations/define.js";

export function quoteLine(q: Quote | undefined): string {
  if (!q) return "cost: unknown";
  return `cost: ${q.display} (source: ${q.source}${q.basis ? `; ${q.basis}` : ""})`;
}

/** Asks on the terminal; only "y"/"yes" confirms. */
export async function askConfirm(
  operation: string,
  quote: Quote | undefined,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<boolean> {
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(
      `${operation} is a paid operation — ${quoteLine(quote)}.\nRun it? [y/N] `,
    );
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
