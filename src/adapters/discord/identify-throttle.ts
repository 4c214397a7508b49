/**
 * Discord's IDENTIFY rate across every replica: one IDENTIFY per 5 s per bucket
 * (`shard_id % max_concurrency`), claimed as a set-if-absent key with a 5 s TTL in the shared
 * StateStore. discord.js calls this before each IDENTIFY (ClientOptions.ws.buildIdentifyThrottler).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { IIdentifyThrottler } from "discord.js";
import type { Logger } from "../../core/logger.js";
import type { StateStore } from "../../core/store/index.js";

const WINDOW_MS = 5000;
/** Slack for clock and network differences between replicas and Discord. */
const MARGIN_MS = 250;

export class StoreIdentifyThrottler implements IIdentifyThrottler {
  constructor(
    private readonly store: StateStore,
    private readonly maxConcurrency: number,
    private readonly owner: string,
    private readonly logger: Logger,
  ) {}

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const key = `discord:identify:${shardId % this.maxConcurrency}`;
    for (;;) {
      signal.throwIfAborted();
      let left: number;
      try {
        if (await this.store.setIfAbsent(key, `${this.owner}:${shardId}`, WINDOW_MS + MARGIN_MS)) return;
        left = (await this.store.ttlMs(key)) ?? 0;
      } catch (err) {
        // Without the store no replica can coordinate: wait one whole window, then identify.
        this.logger.warn({ err, shard: shardId }, "identify throttle: store unavailable, waiting one window");
        await sleep(WINDOW_MS + MARGIN_MS, undefined, { signal });
        return;
      }
      await sleep(Math.max(20, left) + Math.random() * 100, undefined, { signal });
    }
  }
}
