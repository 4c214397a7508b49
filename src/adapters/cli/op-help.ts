import type { AnyOperation } from "../../core/operations/define.js";
import { FAMILY_VARIABLES } from "../../core/theta/credentials.js";
import type { ServiceSummary } from "../../core/theta/ondemand-services.js";
import { describeType } from "../../core/theta/service-input.js";
import { operationFields } from "./op-fields.js";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ")}`.trimEnd());
}

/**
 * `theta-bot op <name> --help`: what it does, whether it is paid, the credentials it needs, and
 * each field with its type, whether it is required, its default and an example. For
 * `theta.ondemand.infer --service X --help`, the service's own input fields too.
 */
export function operationHelp(op: AnyOperation, service?: ServiceSummary): string {
  const lines = [`${op.name} — ${op.summary}`, ""];
  lines.push(
    `paid:        ${op.paid ? "yes — shows the quote and asks (or --yes); THETA_DRY_RUN=1 previews it" : "no"}`,
    `changes:     ${op.mutating ? "yes (previewed, not sent, under THETA_DRY_RUN=1)" : "no, read-only"}`,
    `credentials: ${
      op.families.length
        ? op.families.map((f) => `${f} (${FAMILY_VARIABLES[f].join(", ")})`).join("; ")
        : "none"
    }${op.optionalFamilies?.length ? ` · uses ${op.optionalFamilies.join(", ")} when set` : ""}`,
    "",
  );
  const fields = operationFields(op);
  if (fields.length) {
    lines.push("Fields:");
    lines.push(
      ...table([
        ["option", "type", "required", "default", "rule / example"],
        ...fields.map((f) => [
          f.type.startsWith("file")
            ? `--file ${f.name === "files" ? "<field>=path" : "path"}`
            : `--${f.name}`,
          f.type,
          f.required ? "yes" : "no",
          f.default === undefined ? "" : show(f.default),
          [f.hint, f.example ? `e.g. ${f.example}` : undefined].filter(Boolean).join("; "),
        ]),
      ]),
    );
  } else lines.push("Fields: none.");
  if (service) {
    lines.push(
      "",
      `Input of ${service.alias} (${service.name}, ${service.source}), given in --input '{…}' or --file:`,
    );
    lines.push(
      ...table([
        ["field", "type", "required", "default", "description"],
        ...service.inputFields.map((f) => [
          f.type === "filename" ? `${f.name} (--file ${f.name}=path)` : f.name,
          describeType(f),
          f.required ? "yes" : "no",
          f.default === undefined || f.default === null ? "" : show(f.default),
          f.description ?? "",
        ]),
      ]),
    );
  }
  lines.push(
    "",
    "Common options: --json, --yes, --args <json>, --no-wait, --out <dir> (see theta-bot help).",
  );
  return lines.join("\n");
}
