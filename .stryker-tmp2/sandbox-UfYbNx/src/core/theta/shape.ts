// @ts-nocheck
import type { z } from "zod";
import { BotError } from "../errors.js";
import type { ThetaFamily } from "./families.js";

/** Validates the part of an upstream response the bot relies on; names what was wrong. */
export function shape<S extends z.ZodType>(
  family: ThetaFamily,
  route: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = issue?.path.length ? issue.path.join(".") : "(root)";
  throw new BotError({
    code: "theta_bad_response",
    family,
    message: `Theta's answer to ${route} did not have the expected shape at ${at}: ${issue?.message ?? "invalid"}.`,
    details: { route },
  });
}

/** Reads `body` from a success envelope, accepting a bare (unwrapped) payload too. */
export function bodyOf(envelope: Record<string, unknown>): unknown {
  return "body" in envelope ? envelope.body : envelope;
}

/** Depth-first search for the first value under any of the given keys (case-insensitive). */
export function findDeep(value: unknown, keys: string[], depth = 0): unknown {
  if (depth > 8 || !value || typeof value !== "object") return undefined;
  const wanted = keys.map((k) => k.toLowerCase());
  if (!Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (wanted.includes(k.toLowerCase()) && v !== undefined && v !== null && v !== "") return v;
    }
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const found = findDeep(v, keys, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
