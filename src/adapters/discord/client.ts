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
    intents: [GatewayIntentBits.Guilds],
    partials: [Partials.Channel],
    ...(api ? { rest: { api } } : {}),
  });
}
