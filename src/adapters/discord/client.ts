import { Client, GatewayIntentBits, type IIdentifyThrottler, Partials } from "discord.js";
import type { Config } from "../../config.js";

/** The REST base discord.js should use: the operator's DISCORD_API_URL (tests, proxies) or Discord's. */
export function restApi(config: Config): string | undefined {
  const url = config.discord.apiUrl;
  return url ? url.replace(/\/+$/, "").replace(/\/v\d+$/, "") : undefined;
}

export interface ShardSpec {
  /** The gateway shards this client connects (discord.js `shards`), out of `count` (`shardCount`). */
  ids: number[];
  count: number;
  /** Paces IDENTIFYs across every client and replica (Discord's max_concurrency buckets). */
  throttler: IIdentifyThrottler;
}

export function createDiscordClient(config: Config, shards?: ShardSpec): Client {
  const api = restApi(config);
  return new Client({
    // Guild messages for Q&A mentions and thread follow-ups; Message Content (privileged) only when
    // the operator enabled it in the Developer Portal, or Discord refuses the connection.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      ...(config.discord.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    partials: [Partials.Channel],
    ...(api ? { rest: { api } } : {}),
    ...(shards
      ? {
          shards: shards.ids,
          shardCount: shards.count,
          ws: { buildIdentifyThrottler: () => shards.throttler },
        }
      : {}),
  });
}
