import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whether a paid operation got as far as sending Theta anything that can change state. A failure
 * before that (keys that could not be read back, a local file that was refused) proves
 * that nothing was accepted, so the charge it reserved is given back; after it, only Theta's own
 * refusal proves that (see acceptance.ts).
 */
export interface SendRecord {
  sent: boolean;
}

const current = new AsyncLocalStorage<SendRecord>();

/** Runs `fn`, recording in `record` whether it sent Theta any request other than a GET. */
export function trackSends<T>(record: SendRecord, fn: () => Promise<T>): Promise<T> {
  return current.run(record, fn);
}

/** Called by the transport just before a request that is not a GET leaves. */
export function noteSending(method: string): void {
  const record = current.getStore();
  if (record && method !== "GET") record.sent = true;
}
