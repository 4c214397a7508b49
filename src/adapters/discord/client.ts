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

/**
 * @discordjs/rest paces every request of a client to 50/s (Discord's global limit), but interaction
 * callbacks and interaction-token webhooks (defer, editReply, followUp) are not bound to the global
 * limit. A gateway client's REST carries almost only those, so it may go faster; Discord's 429s
 * (handled by @discordjs/rest) still govern the few bot-token calls it makes (Q&A replies, threads).
 */
const INTERACTION_REST_PER_SECOND = 1000;

export function createDiscordClient(config: Config, shards?: ShardSpec): Client {
  const api = restApi(config);
  const rest = {
    ...(api ? { api } : {}),
    ...(shards ? { globalRequestsPerSecond: INTERACTION_REST_PER_SECOND } : {}),
  };
  return new Client({
    // Guild messages for Q&A mentions and thread follow-ups; Message Content (privileged) only when
    // the operator enabled it in the Developer Portal, or Discord refuses the connection.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      ...(config.discord.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    partials: [Partials.Channel],
    ...(Object.keys(rest).length ? { rest } : {}),
    ...(shards
      ? {
          shards: shards.ids,
          shardCount: shards.count,
          ws: { buildIdentifyThrottler: () => shards.throttler },
        }
      : {}),
  });
}
