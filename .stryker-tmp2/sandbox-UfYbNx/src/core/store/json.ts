// @ts-nocheck
import type { z } from "zod";
import { type StateStore, storeError } from "./state-store.js";

/**
 * Reads a JSON value. null when the key is absent. A value that is not JSON, or that does not fit
 * `schema`, rejects with `store_json_invalid` naming the key (never the value, which may be private).
 */
export async function getJson<T = unknown>(
  store: StateStore,
  key: string,
  schema?: z.ZodType<T>,
): Promise<T | null> {
  const raw = await store.get(key);
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw storeError("store_json_invalid", `State key "${key}" does not hold JSON.`, {
      details: { key },
      cause,
    });
  }
  if (!schema) return parsed as T;
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join(".")}` : "";
    throw storeError(
      "store_json_invalid",
      `State key "${key}" holds JSON of an unexpected shape${where}: ${issue?.message ?? "invalid"}.`,
      { details: { key } },
    );
  }
  return result.data;
}

/** Writes `value` as JSON. `undefined`, functions and symbols are refused (they have no JSON form). */
export async function setJson(
  store: StateStore,
  key: string,
  value: unknown,
  opts?: { ttlMs?: number },
): Promise<void> {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw storeError("store_invalid_argument", `Cannot store ${typeof value} as JSON under "${key}".`);
  }
  await store.set(key, text, opts);
}
