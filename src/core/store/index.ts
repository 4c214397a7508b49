import { EmbeddedStore } from "./embedded-store.js";
import { RedisStore } from "./redis-store.js";
import type { StateStore } from "./state-store.js";

export type { EmbeddedStoreOptions } from "./embedded-store.js";
export { EmbeddedStore } from "./embedded-store.js";
export { getJson, setJson } from "./json.js";
export type { RedisStoreOptions } from "./redis-store.js";
export { RedisStore } from "./redis-store.js";
export { DEFAULT_KEY_PREFIX, type IndexWrite, type StateStore } from "./state-store.js";

export interface OpenStateStoreOptions {
  /** When set, state lives in Redis (shared by every process); otherwise in `<dataDir>/state.db` (SQLite), shared by the processes of one machine. */
  redisUrl?: string | undefined;
  dataDir: string;
  keyPrefix?: string | undefined;
}

/**
 * Opens the configured StateStore and checks it answers: Redis when `redisUrl` is set (rejects with
 * `store_unavailable` when it does not answer), the embedded store otherwise (rejects with
 * `store_corrupt` for a damaged database or legacy state.json, `store_locked` while an older
 * version still runs on a state.json, `store_io_error` when the data dir cannot be used).
 */
export async function openStateStore(opts: OpenStateStoreOptions): Promise<StateStore> {
  const { redisUrl, dataDir, keyPrefix } = opts;
  if (redisUrl) return RedisStore.open({ url: redisUrl, keyPrefix });
  return EmbeddedStore.open({ dataDir, keyPrefix });
}
