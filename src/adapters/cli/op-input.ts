import type { z } from "zod";
import { usageError } from "../../core/errors.js";
import type { AnyOperation } from "../../core/operations/define.js";
import type { OpArgs } from "./args.js";
import { parseValue } from "./args.js";
import { baseType, type FieldInfo, operationFields } from "./op-fields.js";

/** A command-line value as the field's declared type: `--orgId 42` stays the string "42". */
function coerce(f: FieldInfo | undefined, raw: string | true): unknown {
  if (raw === true) return true;
  switch (baseType(f)) {
    case "string":
      return raw;
    case "number": {
      const n = Number(raw);
      return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
    }
    case "boolean":
      return /^(true|yes|on|1)$/i.test(raw) ? true : /^(false|no|off|0)$/i.test(raw) ? false : raw;
    default:
      return parseValue(raw);
  }
}

/** The operation's input from `--args`, `--<field>` and `--file`, each value typed by its field. */
export function buildInput(op: AnyOperation, a: OpArgs): Record<string, unknown> {
  const fields = new Map(operationFields(op).map((f) => [f.name, f]));
  const input: Record<string, unknown> = { ...a.args };
  for (const [k, v] of Object.entries(a.fields)) input[k] = coerce(fields.get(k), v);
  const files = Object.entries(a.files);
  if (!files.length) return input;
  if (fields.has("files")) {
    input.files = { ...(input.files as object | undefined), ...Object.fromEntries(files) };
    return input;
  }
  const takes = [...fields.values()].filter((f) => f.type === "file").map((f) => f.name);
  for (const [field, src] of files) {
    if (!takes.includes(field))
      throw usageError(
        "INVALID_INPUT",
        takes.length
          ? `--file ${field}: ${op.name} takes --file ${takes.map((t) => `${t}=path`).join(", ")}.`
          : `${op.name} takes no --file.`,
      );
    input[field] = src;
  }
  return input;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a JSON object",
  array: "a JSON list",
  record: "a JSON object",
};

/** One zod issue in plain words, naming the option as the user typed it. */
function describe(
  op: AnyOperation,
  fields: Map<string, FieldInfo>,
  issue: z.core.$ZodIssue,
  input: Record<string, unknown>,
): string {
  const path = issue.path.map(String);
  let given: unknown = input;
  for (const k of path)
    given = given && typeof given === "object" ? (given as Record<string, unknown>)[k] : undefined;
  const top = path[0];
  const opt = path.length ? `--${path.join(".")}` : op.name;
  const f = top ? fields.get(top) : undefined;
  const rule = f?.hint ? ` (${f.hint})` : "";
  switch (issue.code) {
    case "invalid_type":
      if (given === undefined)
        return `${opt} is required: ${f && path.length === 1 ? `${f.type}${rule}` : (TYPE_WORDS[issue.expected] ?? issue.expected)}`;
      return `${opt} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${JSON.stringify(given)}`;
    case "unrecognized_keys":
      return `${issue.keys.map((k) => `--${[...path, k].join(".")}`).join(", ")} ${issue.keys.length > 1 ? "are not options" : "is not an option"} of ${op.name}; its options: ${[...fields.keys()].map((k) => `--${k}`).join(", ") || "none"} (see --help)`;
    case "invalid_value":
      return `${opt} must be one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      return `${opt} must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `${opt} must be at most ${String(issue.maximum)}`;
    default:
      return `${opt}: ${issue.message}`;
  }
}

/** Validates for the CLI: every problem in plain words, as one usage error (exit 2, nothing sent). */
export function checkOpInput(op: AnyOperation, input: Record<string, unknown>): void {
  const r = op.input.safeParse(input);
  if (r.success) return;
  const fields = new Map(operationFields(op).map((f) => [f.name, f]));
  const lines = r.error.issues.map((i: z.core.$ZodIssue) => describe(op, fields, i, input));
  throw usageError("INVALID_INPUT", `Invalid input for ${op.name}: ${lines.join("; ")}`, { issues: lines });
}
