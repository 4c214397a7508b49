/**
 * The one back-off rule: exponential from `baseMs` (doubling per attempt, capped at `maxMs`),
 * with "equal jitter" (half fixed, half random) unless turned off, or exactly what the server's
 * Retry-After asked for. Used by the Theta transport, job retries and store-outage retries.
 */
export function backoffDelay(o: {
  /** 0 for the first retry. */
  attempt: number;
  baseMs: number;
  maxMs: number;
  jitter?: boolean;
  retryAfterSeconds?: number | undefined;
}): number {
  if (o.retryAfterSeconds !== undefined) return Math.max(0, Math.ceil(o.retryAfterSeconds * 1000));
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, o.attempt));
  if (o.jitter === false) return Math.round(exp);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Poll intervals grow from the base (≈1 s) by half each step towards the cap (≈10 s). */
export function pollDelay(step: number, baseMs: number, maxMs: number): number {
  return Math.round(Math.min(maxMs, baseMs * 1.5 ** Math.max(0, step - 1)));
}
