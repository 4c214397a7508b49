// @ts-nocheck
import { z } from "zod";
import { roundDecimal, typeError } from "./state-store.js";

const INTEGER = /^-?(0|[1-9]\d*)$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One entry of the legacy `state.json` (the file store before SQLite), keyed by namespaced key. */
export type LegacyEntry =
  | { type: "string"; value: string; expiresAt?: number | undefined }
  | { type: "hash"; value: Record<string, string>; expiresAt?: number | undefined };

/** state.json: `{ version: 1, entries: { <namespaced key>: { type, value, expiresAt? } } }`. */
const LegacyFileSchema = z.object({
  version: z.literal(1),
  entries: z.record(
    z.string(),
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("string"), value: z.string(), expiresAt: z.number().optional() }),
      z.object({
        type: z.literal("hash"),
        value: z.record(z.string(), z.string()),
        expiresAt: z.number().optional(),
      }),
    ]),
  ),
});

/** Parses a legacy state.json; throws SyntaxError (not JSON) or a zod error (unexpected shape). */
export function parseLegacyState(text: string): Record<string, LegacyEntry> {
  return LegacyFileSchema.parse(JSON.parse(text)).entries;
}

/** Current integer under a string or hash field (absent = 0), as INCRBY/HINCRBY would read it. */
export function addInteger(current: string | undefined, by: number, name: string): number {
  if (current !== undefined && !INTEGER.test(current)) throw typeError(name, "does not hold an integer");
  const base = current === undefined ? 0 : Number(current);
  const result = base + by;
  if (!Number.isSafeInteger(base) || !Number.isSafeInteger(result)) throw typeError(name, "would overflow");
  return result;
}

/** Decimal addition as INCRBYFLOAT/HINCRBYFLOAT would do it, rounded to hide float noise. */
export function addDecimal(current: string | undefined, by: number, name: string): number {
  if (current !== undefined && !DECIMAL.test(current)) throw typeError(name, "does not hold a number");
  const result = roundDecimal((current === undefined ? 0 : Number(current)) + by);
  if (!Number.isFinite(result)) throw typeError(name, "would overflow");
  return result;
}
