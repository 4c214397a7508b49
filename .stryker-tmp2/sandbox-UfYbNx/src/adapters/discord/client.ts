// @ts-nocheck
import { Client, GatewayIntentBits, Partials } from "discord.js";
import type { Config } from "../../config.js";

/** The REST base discord.js should use: the operator's DISCORD_API_URL (tests, proxies) or Discord's. */
export function restApi(config: Config): string | undefined {
  const url = config.discord.apiUrl;
  return url ? url.replace(/\/+$/, "").replace(/\/v\d+$/, "") : undefined;
}

export function createDiscordClient(config: Config): Client {
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
  });
}
