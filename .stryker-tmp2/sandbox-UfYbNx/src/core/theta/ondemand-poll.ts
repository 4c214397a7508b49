// @ts-nocheck
import { setTimeout as sleep } from "node:timers/promises";
import type { OndemandClient } from "./ondemand.js";
import { type InferRequest, isTerminal } from "./ondemand-types.js";

export interface PollOptions {
  intervalMs?: number | undefined;
  timeoutMs?: number | undefined;
  maxAttempts?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((req: InferRequest, attempt: number, elapsedMs: number) => void) | undefined;
}

export interface PollResult {
  attempts: number;
  elapsedMs: number;
  terminalState: string;
  result: InferRequest;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * How long a request may take: about 2 minutes for images and LLMs; for video, scaled by frames
 * and fps: 240 s + max(frames × 4 s, render seconds × 60 s), rounded up to 30 s, within 6–30 min.
 */
export function deadlineFor(input: unknown, fallbackMs = 120_000): number {
  const i = (input ?? {}) as { frames?: unknown; fps?: unknown };
  if (typeof i.frames !== "number" || !Number.isInteger(i.frames) || i.frames <= 0) return fallbackMs;
  const fps = typeof i.fps === "number" && i.fps > 0 ? i.fps : 10;
  const renderSeconds = Math.max(1, Math.ceil(i.frames / fps));
  const derived = 240_000 + Math.max(i.frames * 4000, renderSeconds * 60_000);
  return clamp(Math.ceil(derived / 30_000) * 30_000, 360_000, 1_800_000);
}

/** Polls GET /infer_request/{id} until a terminal state; a timeout is a result, not an exception. */
export async function pollUntilDone(
  client: OndemandClient,
  requestId: string,
  o: PollOptions = {},
): Promise<PollResult> {
  const interval = clamp(o.intervalMs ?? 3000, 100, 60_000);
  const maxAttempts = clamp(o.maxAttempts ?? 1000, 1, 20_000);
  const started = performance.now();
  let timeout = o.timeoutMs === undefined ? undefined : clamp(o.timeoutMs, 1000, 3_600_000);
  let attempts = 0;
  for (;;) {
    o.signal?.throwIfAborted();
    const req = await client.status(requestId);
    attempts++;
    timeout ??= deadlineFor(req.input);
    const elapsedMs = Math.round(performance.now() - started);
    o.onProgress?.(req, attempts, elapsedMs);
    if (isTerminal(req.state)) return { attempts, elapsedMs, terminalState: req.state, result: req };
    if (attempts >= maxAttempts) return { attempts, elapsedMs, terminalState: "max-attempts", result: req };
    if (elapsedMs + interval > timeout) return { attempts, elapsedMs, terminalState: "timeout", result: req };
    await sleep(interval, undefined, o.signal ? { signal: o.signal } : undefined);
  }
}
