import type { Tenant } from "../../core/credentials/provider.js";
import { usageError } from "../../core/errors.js";

export interface QaArgs {
  question: string;
  tenant: Tenant | undefined;
  kbDir: string | undefined;
  json: boolean;
}

/**
 * `--tenant discord:<guild id>` or `slack:<team id>`; a bare id is a Discord guild when it is a
 * snowflake (digits) and a Slack workspace when it looks like one (T… / E…).
 */
export function parseTenant(raw: string): Tenant {
  const m = /^(discord|slack):(.+)$/.exec(raw);
  if (m) return { platform: m[1] as "discord" | "slack", id: m[2]! };
  if (/^\d{5,25}$/.test(raw)) return { platform: "discord", id: raw };
  if (/^[TE][A-Z0-9]{6,}$/.test(raw)) return { platform: "slack", id: raw };
  throw usageError(
    "INVALID_ARGUMENT",
    `--tenant takes discord:<server id> or slack:<workspace id> (got "${raw}").`,
  );
}

/** `"<question>" [--tenant <id>] [--kb-dir <dir>] [--json]` */
export function parseQaArgs(args: string[], usage: string): QaArgs {
  const out: QaArgs = { question: "", tenant: undefined, kbDir: undefined, json: false };
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--json") out.json = true;
    else if (a === "--tenant" || a === "--kb-dir") {
      const v = args[++i];
      if (v === undefined) throw usageError("INVALID_ARGUMENT", `${a} needs a value. Usage: ${usage}`);
      if (a === "--tenant") out.tenant = parseTenant(v);
      else out.kbDir = v;
    } else if (a.startsWith("--"))
      throw usageError("INVALID_ARGUMENT", `Unknown option ${a}. Usage: ${usage}`);
    else words.push(a);
  }
  out.question = words.join(" ").trim();
  if (!out.question) throw usageError("qa_empty_question", `Give a question. Usage: ${usage}`);
  return out;
}
