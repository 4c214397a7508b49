/** Small helpers. Timers and clock are captured at load time so fake timers in tests do not stall the double. */
// @ts-nocheck

import { randomBytes } from "node:crypto";

const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realDateNow = Date.now.bind(Date);

export type Timer = ReturnType<typeof setTimeout>;

export function now(): number {
  return realDateNow();
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Sleeps on an unref'd real timer; resolves early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = realSetTimeout(done, ms);
    t.unref?.();
    function done(): void {
      realClearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export function later(ms: number, fn: () => void): Timer {
  const t = realSetTimeout(fn, Math.max(0, ms));
  t.unref?.();
  return t;
}

export function cancel(t: Timer): void {
  realClearTimeout(t);
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** n random lowercase alphanumerics */
export function randId(n: number): string {
  const bytes = randomBytes(n);
  let out = "";
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** n deterministic lowercase alphanumerics derived from a seed string (FNV-1a, then a murmur-style mix). */
export function seedId(seed: string, n: number): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let out = "";
  for (let i = 0; out.length < n; i++) {
    let x = (h + Math.imul(i + 1, 0x9e3779b9)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    out += ALNUM[x % ALNUM.length];
  }
  return out;
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function int(v: string | null | undefined, fallback: number): number {
  if (v === null || v === undefined || !/^-?\d+$/.test(v.trim())) return fallback;
  return Number.parseInt(v, 10);
}

export function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}
