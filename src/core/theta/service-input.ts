import { usageError } from "../errors.js";
import type { InputField } from "./ondemand-catalog.js";
import type { ServiceSummary } from "./ondemand-services.js";

const empty = (v: unknown) => v === undefined || v === null || v === "";

/** Does `value` fit the declared type? Unknown types are Theta's to judge. */
function fits(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
    case "text":
    case "filename":
    case "url":
      return typeof value === "string";
    case "integer":
    case "int":
      return Number.isInteger(value);
    case "number":
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "bool":
    case "boolean":
      return typeof value === "boolean";
    case "chat_array":
    case "array":
      return Array.isArray(value);
    default:
      return true;
  }
}

export const describeType = (f: InputField): string =>
  f.type === "filename"
    ? "a file"
    : f.type === "integer"
      ? "a whole number"
      : f.type === "number"
        ? "a number"
        : f.type === "bool"
          ? "true or false"
          : f.type === "chat_array"
            ? "a list of chat messages"
            : `a ${f.type}`;

/** File fields the service does not take as files. */
export function fileFieldProblems(svc: ServiceSummary, files: readonly string[]): string[] {
  const fields = svc.inputFields;
  if (!fields.length) return [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const fileNames = fields.filter((f) => f.type === "filename").map((f) => f.name);
  const problems: string[] = [];
  for (const name of files) {
    const f = byName.get(name);
    if (!f)
      problems.push(
        `${name} is not a file input of ${svc.alias}${fileNames.length ? ` (its file inputs: ${fileNames.join(", ")})` : " (it takes no files)"}.`,
      );
    else if (f.type !== "filename")
      problems.push(`${name} of ${svc.alias} takes ${describeType(f)}, not a file.`);
  }
  return problems;
}

/**
 * Checks a service input against the fields the service declares (live discovery; the bundled
 * catalog when that failed): required fields present, values of the declared type, file fields
 * only where the service takes a file, and (live only) no field the service does not have.
 * Returns every problem in plain words; empty when the input fits.
 */
export function serviceInputProblems(
  svc: ServiceSummary,
  input: Record<string, unknown>,
  files: readonly string[] = [],
): string[] {
  const fields = svc.inputFields;
  if (!fields.length) return [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems = fileFieldProblems(svc, files);
  for (const f of fields) {
    const value = input[f.name];
    const given = !empty(value) || files.includes(f.name);
    if (f.required && !given && empty(f.default)) {
      problems.push(
        `${f.name} is required: ${describeType(f)}${f.description ? ` (${f.description})` : ""}.`,
      );
    } else if (!empty(value) && !fits(f.type, value)) {
      problems.push(`${f.name} must be ${describeType(f)}, got ${JSON.stringify(value)}.`);
    }
  }
  if (svc.source === "live") {
    for (const name of Object.keys(input)) {
      if (!byName.has(name) && !files.includes(name))
        problems.push(
          `${name} is not an input of ${svc.alias} (its inputs: ${fields.map((f) => f.name).join(", ")}).`,
        );
    }
  }
  return problems;
}

/** Throws one usage error listing every problem (nothing is sent for input that does not fit). */
export function checkServiceInput(
  svc: ServiceSummary,
  input: Record<string, unknown>,
  files: readonly string[] = [],
): void {
  const problems = serviceInputProblems(svc, input, files);
  if (!problems.length) return;
  throw usageError("INVALID_INPUT", `Invalid input for ${svc.alias}: ${problems.join(" ")}`, {
    issues: problems,
  });
}
