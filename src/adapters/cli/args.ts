import { usageError } from "../../core/errors.js";
import type { UploadSource } from "../../core/theta/upload-source.js";
import { localFile } from "./local-file.js";

/** A parsed `op` command line; field values stay text until the operation's types coerce them. */
export interface OpArgs {
  name: string;
  json: boolean;
  yes: boolean;
  wait: boolean;
  help: boolean;
  out?: string | undefined;
  /** `--args <json>`: the whole input. */
  args: Record<string, unknown>;
  /** `--<field> <value>` (true for a bare flag). */
  fields: Record<string, string | true>;
  /** `--file field=path`, checked to be regular files; `--file path` is the field `file`. */
  files: Record<string, UploadSource>;
}

const FLAGS = new Set(["json", "yes", "no-wait", "wait", "help"]);

/** A value is JSON when it parses as JSON, else the plain string. */
export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function fileArg(spec: string): [string, UploadSource] {
  const eq = spec.indexOf("=");
  if (eq === 0)
    throw usageError(
      "INVALID_ARGUMENT",
      `--file takes field=path (e.g. --file input_img=./cat.png), got "${spec}".`,
    );
  const field = eq < 0 ? "file" : spec.slice(0, eq);
  return [field, localFile(field, eq < 0 ? spec : spec.slice(eq + 1))];
}

/** `op <name> [--json] [--yes] [--no-wait] [--help] [--out dir] [--args json] [--file f=path] [--<field> <value>] …` */
export function parseOpArgs(argv: string[]): OpArgs {
  const [name, ...rest] = argv;
  if (!name || name.startsWith("--")) {
    throw usageError(
      "MISSING_OPERATION",
      "Usage: theta-bot op <name> [--help] [--json] [--yes] [--<field> <value> …]. Run `theta-bot ops` for the list.",
    );
  }
  const out: OpArgs = {
    name,
    json: false,
    yes: false,
    wait: true,
    help: false,
    args: {},
    fields: {},
    files: {},
  };
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i]!;
    if (tok === "-h") {
      out.help = true;
      continue;
    }
    if (!tok.startsWith("--"))
      throw usageError(
        "INVALID_ARGUMENT",
        `Unexpected argument "${tok}": fields are given as --<field> <value> (see theta-bot op ${name} --help).`,
      );
    let key = tok.slice(2);
    let value: string | undefined;
    const eq = key.indexOf("=");
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    const next = rest[i + 1];
    // `--wait` alone is the opposite of --no-wait; `--wait 30` is the infer field (seconds).
    const isField = key === "wait" && next !== undefined && !next.startsWith("--");
    if (FLAGS.has(key) && value === undefined && !isField) {
      if (key === "json") out.json = true;
      else if (key === "yes") out.yes = true;
      else if (key === "help") out.help = true;
      else out.wait = key === "wait";
      continue;
    }
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
      out.args = parsed as Record<string, unknown>;
    } else if (key === "file") {
      if (value === undefined) throw usageError("INVALID_ARGUMENT", "--file needs field=path.");
      const [field, file] = fileArg(value);
      out.files[field] = file;
    } else if (key === "out") {
      if (value === undefined) throw usageError("INVALID_ARGUMENT", "--out needs a folder.");
      out.out = value;
    } else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
      throw usageError("INVALID_ARGUMENT", `"--${key}" is not a field name.`);
    } else {
      out.fields[key] = value === undefined ? true : value;
    }
  }
  return out;
}
