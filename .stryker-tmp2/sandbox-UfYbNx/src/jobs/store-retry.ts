// @ts-nocheck
import { setTimeout as sleep } from "node:timers/promises";
import { BotError } from "../core/errors.js";

/** Errors that mean "the state store (Redis) is briefly unreachable", not "the job failed". */
export function isStoreOutage(err: unknown): boolean {
  return (
    err instanceof BotError &&
    ["store_unavailable", "queue_unavailable", "ledger_contention"].includes(err.code)
  );
}

/**
 * Retries a ledger write through a short store outage. Used right after a paid call succeeded,
 * when Theta's id exists only in memory: losing it would turn a charged job into an unknown one.
 */
export async function persistThroughOutage<T>(
  fn: () => Promise<T>,
  o: { deadlineMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const until = Date.now() + (o.deadlineMs ?? 60_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isStoreOutage(err) || Date.now() > until) throw err;
      await sleep(Math.min(4000, 250 * 2 ** attempt));
    }
  }
}
