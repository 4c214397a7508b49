import { randomBytes } from "node:crypto";
import type { StateStore } from "../core/store/index.js";

export const LEASE_MS = 15_000;

/**
 * A short, renewed lease: while the holder is alive it renews every third of the TTL, so a slow
 * but live worker keeps it, and a dead one's lease lapses within LEASE_MS for another to take.
 * It is released when the work ends, unless `settled(value)` says the work can never be needed
 * again (the job reached a final state): then it is left to lapse, which saves the release.
 */
export async function withLease<T>(
  store: StateStore,
  key: string,
  fn: () => Promise<T>,
  ttlMs = LEASE_MS,
  // Stryker disable next-line ArrowFunction: equivalent, `undefined` is as false as false
  settled: (value: T) => boolean = () => false,
): Promise<{ held: true; value: T } | { held: false }> {
  const token = randomBytes(8).toString("hex");
  if (!(await store.setIfAbsent(key, token, ttlMs))) return { held: false };
  // A renewal is one command (PEXPIRE), not a compare-and-set: if this holder's lease had lapsed and
  // another run took the key, extending that run's lease is harmless (it renews it anyway), and a
  // lost lease cannot be won back here either way. Releasing does check the token.
  const renew = setInterval(
    () => {
      void store.expire(key, ttlMs).catch(() => {});
    },
    // Stryker disable next-line MethodExpression: a floor on the renewal interval (load only); renewing more often keeps the lease too
    Math.max(100, Math.floor(ttlMs / 3)),
  );
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    clearInterval(renew);
    await store.compareAndSet(key, token, null).catch(() => {});
    throw err;
  }
  clearInterval(renew);
  if (!settled(value)) await store.compareAndSet(key, token, null).catch(() => {});
  return { held: true, value };
}
