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

/**
 * An option is a whole word `--name` or `--name=value`; `—name` (an em-dash, which phones and
 * macOS turn `--` into) counts too. Nothing else in the text is touched: an em-dash in a prompt
 * ("a fox — at night", "red—orange") stays an em-dash. With `known`, only those names are options
 * in the em-dash form.
 */
const OPTION = /^(--|\u2014)([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/s;

/** `/imagine a red fox --model flux --size 1024x1024 --seed 7` → rest "a red fox", flags {model, size, seed}. */
export function parseText(text: string, known?: readonly string[]): ParsedText {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  const option = (tok: string | undefined) => {
    const m = tok === undefined ? null : OPTION.exec(tok);
    if (!m) return undefined;
    if (m[1] !== "--" && known && !known.includes(m[2]!)) return undefined;
    return { name: m[2]!, inline: m[3] };
  };
  const t = tokens(text);
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    const opt = option(tok);
    if (!opt) {
      words.push(tok);
      continue;
    }
    const next = t[k + 1];
    if (opt.inline !== undefined) flags[opt.name] = opt.inline;
    else if (next !== undefined && !option(next)) {
      flags[opt.name] = next;
      k++;
    } else flags[opt.name] = true;
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
