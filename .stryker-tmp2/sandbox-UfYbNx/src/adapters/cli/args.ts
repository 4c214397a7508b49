// @ts-nocheck
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { usageError } from "../../core/errors.js";

export interface OpArgs {
  name: string;
  input: Record<string, unknown>;
  json: boolean;
  yes: boolean;
  wait: boolean;
  out?: string | undefined;
}

const FLAGS = new Set(["json", "yes", "no-wait", "wait"]);
const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** A value is JSON when it parses as JSON, else the plain string. */
export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `--file field=path`: the file is read here (the core never touches the filesystem). */
function readFileArg(spec: string): [string, { base64: string; filename: string }] {
  const eq = spec.indexOf("=");
  if (eq <= 0)
    throw usageError(
      "INVALID_ARGUMENT",
      `--file takes field=path (e.g. --file input_img=./cat.png), got "${spec}".`,
    );
  const field = spec.slice(0, eq);
  const path = spec.slice(eq + 1);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw usageError("FILE_NOT_FOUND", `--file ${field}: cannot read ${path}.`);
  }
  if (size > MAX_FILE_BYTES) throw usageError("FILE_TOO_LARGE", `--file ${field}: ${path} is over 100 MB.`);
  return [field, { base64: readFileSync(path).toString("base64"), filename: basename(path) }];
}

/** `op <name> [--json] [--yes] [--no-wait] [--out dir] [--args json] [--file f=path] [--<field> <value>] …` */
export function parseOpArgs(argv: string[]): OpArgs {
  const [name, ...rest] = argv;
  if (!name || name.startsWith("--")) {
    throw usageError(
      "MISSING_OPERATION",
      "Usage: theta-bot op <name> [--json] [--yes] [--<field> <value> …]. Run `theta-bot ops` for the list.",
    );
  }
  const out: OpArgs = { name, input: {}, json: false, yes: false, wait: true };
  let args: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  const files: Record<string, unknown> = {};
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i]!;
    if (!tok.startsWith("--"))
      throw usageError(
        "INVALID_ARGUMENT",
        `Unexpected argument "${tok}": fields are given as --<field> <value>.`,
      );
    let key = tok.slice(2);
    let value: string | undefined;
    const eq = key.indexOf("=");
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    if (FLAGS.has(key) && value === undefined) {
      if (key === "json") out.json = true;
      else if (key === "yes") out.yes = true;
      else out.wait = key === "wait";
      continue;
    }
    const next = rest[i + 1];
    if (value === undefined && next !== undefined && !next.startsWith("--")) {
      value = next;
      i++;
    }
    if (key === "args") {
      if (value === undefined) throw usageError("INVALID_ARGUMENT", "--args needs a JSON object.");
      const parsed = parseValue(value);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw usageError(
          "INVALID_ARGUMENT",
          '--args must be a JSON object, e.g. --args \'{"service":"flux"}\'.',
        );
      }
      args = parsed as Record<string, unknown>;
    } else if (key === "file") {
      if (value === undefined) throw usageError("INVALID_ARGUMENT", "--file needs field=path.");
      const [field, file] = readFileArg(value);
      files[field] = file;
    } else if (key === "out") {
      out.out = value;
    } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw usageError("INVALID_ARGUMENT", `"--${key}" is not a field name.`);
    } else {
      fields[key] = value === undefined ? true : parseValue(value);
    }
  }
  out.input = {
    ...args,
    ...fields,
    ...(Object.keys(files).length ? { files: { ...(args.files as object), ...files } } : {}),
  };
  return out;
}
