/** Poll intervals grow from the base (≈1 s) by half each step towards the cap (≈10 s). */
// @ts-nocheck

export function pollDelay(step: number, baseMs: number, maxMs: number): number {
  return Math.round(Math.min(maxMs, baseMs * 1.5 ** Math.max(0, step - 1)));
}

/** Capacity/rate-limit retries: exponential with jitter, or exactly what Retry-After asked for. */
export function retryDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  retryAfterSeconds?: number,
): number {
  if (retryAfterSeconds !== undefined) return Math.max(0, Math.ceil(retryAfterSeconds * 1000));
  const exp = Math.min(maxMs * 3, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}
