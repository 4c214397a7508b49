import { inject } from "vitest";

/**
 * The Redis every test that needs one uses: the machine's at 127.0.0.1:6379, or the one
 * test/setup/redis.ts started for this run when that one does not answer. Keys always carry a
 * unique prefix; nothing is flushed.
 */
export const REDIS_URL: string = inject("redisUrl");
const parsed = new URL(REDIS_URL);
export const REDIS_HOST = parsed.hostname;
export const REDIS_PORT = Number(parsed.port || 6379);
