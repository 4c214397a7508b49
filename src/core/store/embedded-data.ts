import { z } from "zod";
import { roundDecimal, typeError } from "./state-store.js";

export type Entry =
  | { type: "string"; value: string; expiresAt?: number | undefined }
  | { type: "hash"; value: Map<string, string>; expiresAt?: number | undefined };

const INTEGER = /^-?(0|[1-9]\d*)$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** state.json: `{ version: 1, entries: { <namespaced key>: { type, value, expiresAt? } } }`. */
const FileSchema = z.object({
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

/** The embedded store's in-memory data: strings and hashes with absolute expiry times (epoch ms). */
export class MemoryState {
  readonly entries = new Map<string, Entry>();

  /** The live entry under `key`; an expired one is dropped on the way (lazy expiry). */
  live(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The string under `key`, undefined when absent; a hash is a type error named by `name`. */
  string(key: string, name: string): string | undefined {
    const entry = this.live(key);
    if (entry && entry.type !== "string")
      throw typeError(name, "holds a different kind of value (string vs hash)");
    return entry?.value;
  }

  hash(key: string, name: string): Map<string, string> | undefined {
    const entry = this.live(key);
    if (entry && entry.type !== "hash")
      throw typeError(name, "holds a different kind of value (string vs hash)");
    return entry?.value;
  }

  /** The hash under `key`, created empty (without expiry) when absent. */
  ensureHash(key: string, name: string): Map<string, string> {
    const existing = this.hash(key, name);
    if (existing) return existing;
    const value = new Map<string, string>();
    this.entries.set(key, { type: "hash", value });
    return value;
  }

  /** Replaces the string value and keeps the current expiry (INCR semantics). */
  putKeepTtl(key: string, value: string): void {
    const expiresAt = this.live(key)?.expiresAt;
    this.entries.set(key, { type: "string", value, expiresAt });
  }

  /** Removes every expired entry; returns how many. */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  serialize(): string {
    const entries: Record<string, unknown> = {};
    for (const [key, e] of this.entries) {
      const value = e.type === "hash" ? Object.fromEntries(e.value) : e.value;
      entries[key] =
        e.expiresAt === undefined ? { type: e.type, value } : { type: e.type, value, expiresAt: e.expiresAt };
    }
    return JSON.stringify({ version: 1, entries });
  }

  /** Loads a serialized snapshot, dropping entries that expired meanwhile. Throws on a bad shape. */
  static parse(text: string, now = Date.now()): MemoryState {
    const data = FileSchema.parse(JSON.parse(text));
    const state = new MemoryState();
    for (const [key, e] of Object.entries(data.entries)) {
      if (e.expiresAt !== undefined && e.expiresAt <= now) continue;
      state.entries.set(
        key,
        e.type === "hash"
          ? { type: "hash", value: new Map(Object.entries(e.value)), expiresAt: e.expiresAt }
          : { type: "string", value: e.value, expiresAt: e.expiresAt },
      );
    }
    return state;
  }
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
