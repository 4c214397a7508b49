import { z } from "zod";
import type { AnyOperation } from "../../core/operations/define.js";

/** One input field of an operation as the CLI explains and coerces it. */
export interface FieldInfo {
  name: string;
  /** string, integer, number, boolean, object, array, file, or "one of a | b". */
  type: string;
  required: boolean;
  default?: unknown;
  /** A short rule or example ("an id like infr_rqst_…", "1–60"). */
  hint?: string | undefined;
  example?: string | undefined;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
};

type Def = { type: string; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schema under preprocessing pipes (`z.preprocess(fn, z.object(…))`). */
function objectSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let d = defOf(s); d.type === "pipe" && d.out; d = defOf(s)) {
    s = defOf(d.in!).type === "transform" ? d.out : d.in!;
  }
  return s;
}

/** The message a field's own rule gives for a value that does not match (e.g. 'an id like "…"'). */
function ruleHint(field: z.ZodType | undefined): string | undefined {
  if (!field) return undefined;
  const r = field.safeParse("\u0000?");
  const issue = r.success ? undefined : r.error.issues[0];
  if (!issue || (issue.code !== "invalid_format" && issue.code !== "custom")) return undefined;
  return /^Invalid/.test(issue.message) ? undefined : issue.message;
}

const EXAMPLES: Record<string, string> = {
  service: "flux",
  input: '\'{"prompt":"a red fox"}\'',
  messages: '\'[{"role":"user","content":"What is EdgeCloud?"}]\'',
  files: "--file input_img=./cat.png",
  file: "--file file=./clip.mp4",
  requestId: "infr_rqst_…",
};

function typeOf(js: JsonSchema, custom: boolean): string {
  if (custom) return "file";
  if (js.enum) return `one of ${js.enum.join(" | ")}`;
  if (js.anyOf) {
    const types = [...new Set(js.anyOf.map((a) => typeOf(a, false)))];
    return types.length === 1 ? types[0]! : types.join(" or ");
  }
  const t = Array.isArray(js.type) ? js.type.join(" or ") : js.type;
  return t ?? "any";
}

/** The operation's input fields: type, required, default, a rule and an example, from its schema. */
export function operationFields(op: AnyOperation): FieldInfo[] {
  const obj = objectSchema(op.input);
  const shape = defOf(obj).shape ?? {};
  const js = z.toJSONSchema(obj, { unrepresentable: "any", io: "input" }) as JsonSchema;
  const props = js.properties ?? {};
  return Object.keys(shape).map((name) => {
    const p = props[name] ?? {};
    const fileField = name === "files" || name === "file";
    const range =
      p.minimum !== undefined || p.maximum !== undefined
        ? `${p.minimum ?? "…"}–${p.maximum ?? "…"}`
        : p.format
          ? `a ${p.format === "uri" ? "URL" : p.format}`
          : undefined;
    return {
      name,
      type: fileField ? (name === "files" ? "files (field=path)" : "file") : typeOf(p, false),
      required: (js.required ?? []).includes(name),
      ...(p.default !== undefined ? { default: p.default } : {}),
      hint: ruleHint(shape[name]) ?? range,
      example: EXAMPLES[name],
    };
  });
}

/** The base JSON type a field's value is coerced to from its command-line text. */
export function baseType(f: FieldInfo | undefined): "string" | "number" | "boolean" | "json" {
  if (!f) return "json";
  if (f.type === "string" || f.type.startsWith("one of")) return "string";
  if (f.type === "integer" || f.type === "number") return "number";
  if (f.type === "boolean") return "boolean";
  return "json";
}
