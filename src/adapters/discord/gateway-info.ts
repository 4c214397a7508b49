/** GET /gateway/bot: the recommended shard count and the session start limits, checked with zod. */
import { type REST, Routes } from "discord.js";
import { z } from "zod";

const gatewayBotSchema = z.object({
  url: z.string(),
  shards: z.number().int().min(1),
  session_start_limit: z.object({
    total: z.number().int().min(0),
    remaining: z.number().int().min(0),
    reset_after: z.number().min(0),
    max_concurrency: z.number().int().min(1),
  }),
});

export interface GatewayInfo {
  recommendedShards: number;
  /** Session starts (IDENTIFYs) left until `resetAfterMs` has passed. */
  remaining: number;
  resetAfterMs: number;
  /** IDENTIFYs allowed per 5 s, one per bucket `shard_id % maxConcurrency`. */
  maxConcurrency: number;
}

export async function fetchGatewayInfo(rest: REST): Promise<GatewayInfo> {
  const d = gatewayBotSchema.parse(await rest.get(Routes.gatewayBot()));
  return {
    recommendedShards: d.shards,
    remaining: d.session_start_limit.remaining,
    resetAfterMs: d.session_start_limit.reset_after,
    maxConcurrency: d.session_start_limit.max_concurrency,
  };
}
