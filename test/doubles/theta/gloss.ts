/**
 * How the double's LLM "puts a question into English" when asked to rewrite one with no
 * conversation: the double cannot translate, so it swaps the phrases of a small table (Spanish and
 * Chinese, the words the tests ask in) for English ones, longest first, and leaves the rest as it is.
 */
const PHRASES: Array<[string, string]> = (
  [
    ["no contesta nunca", "never reply"],
    ["por qué", "why does"],
    ["el bot", "the bot"],
    ["cómo", "how do i"],
    ["机器人", " the bot "],
    ["为什么", " why does "],
    ["从不回复", " never reply "],
  ] as Array<[string, string]>
).sort((a, b) => b[0].length - a[0].length);

export function glossToEnglish(question: string): string {
  let out = question.toLowerCase();
  for (const [from, to] of PHRASES) {
    out = out.split(from).join(to);
  }
  return out
    .replace(/[¿?¡!？]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
