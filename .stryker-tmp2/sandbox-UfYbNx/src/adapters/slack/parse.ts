// @ts-nocheck
import { usageError } from "../../core/errors.js";

export interface ParsedText {
  /** Words that are not flags, joined: the prompt or question. */
  rest: string;
  /** Positional words, in order (subcommands). */
  words: string[];
  flags: Record<string, string | true>;
  help: boolean;
}

/** Splits on spaces, keeping "quoted strings" (straight or curly quotes, as Slack may send them). */
function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out;
}

/** `/imagine a red fox --model flux --size 1024x1024 --seed 7` → rest "a red fox", flags {model, size, seed}. */
export function parseText(text: string): ParsedText {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  const t = tokens(text.replace(/\u2014/g, "--"));
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    if (!tok.startsWith("--") || tok.length < 3) {
      words.push(tok);
      continue;
    }
    const [name, inline] = tok.slice(2).split("=", 2) as [string, string | undefined];
    const next = t[k + 1];
    if (inline !== undefined) flags[name] = inline;
    else if (next !== undefined && !next.startsWith("--")) {
      flags[name] = next;
      k++;
    } else flags[name] = true;
  }
  return { rest: words.join(" "), words, flags, help: flags.help === true || words[0] === "help" };
}

export function intFlag(p: ParsedText, name: string, min: number, max: number): number | undefined {
  const v = p.flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < min || n > max) {
    throw usageError("INVALID_INPUT", `--${name} takes a whole number from ${min} to ${max}.`);
  }
  return n;
}

export function strFlag(p: ParsedText, name: string): string | undefined {
  const v = p.flags[name];
  if (v === true) throw usageError("INVALID_INPUT", `--${name} needs a value.`);
  return v;
}

export function numFlag(p: ParsedText, name: string): number | undefined {
  const v = p.flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n < 0)
    throw usageError("INVALID_INPUT", `--${name} takes a number ≥ 0.`);
  return n;
}
