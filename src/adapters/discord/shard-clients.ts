/**
 * One discord.js Client per gateway shard. discord.js fixes a client's shard list at login, and a
 * replica's shards change while it runs (it takes over a dead replica's shards, or hands some to a
 * joining replica): with a client per shard, adding or dropping one never touches the others'
 * sessions. Each client is discord.js's own sharding (`shards: [id]`, `shardCount`), nothing else.
 */
import { type Client, Events } from "discord.js";
import type { Config } from "../../config.js";
import { configError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import { createDiscordClient, type ShardSpec } from "./client.js";

/** Close codes after which discord.js does not reconnect. */
const FATAL: Record<number, string> = {
  4004: "authentication failed",
  4010: "invalid shard",
  4011: "sharding required",
  4012: "invalid API version",
  4013: "invalid intents",
  4014: "disallowed intents",
};

export interface ShardClientOptions {
  config: Config;
  count: number;
  throttler: ShardSpec["throttler"];
  logger: Logger;
  /** Adds the bot's listeners (interactions, messages) to a new client. */
  attach(client: Client): void;
  /** A ready shard was closed for good by Discord (it will not reconnect by itself). */
  onFatal(id: number, code: number): void;
}

export class ShardClients {
  private readonly clients = new Map<number, Client>();

  constructor(private readonly o: ShardClientOptions) {}

  get size(): number {
    return this.clients.size;
  }

  /** Every shard this replica holds has a live gateway session (false while one reconnects). */
  allReady(): boolean {
    if (this.clients.size === 0) return false;
    for (const c of this.clients.values()) if (!c.isReady()) return false;
    return true;
  }

  guildCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.guilds.cache.size;
    return n;
  }

  /** Logs the shard in and resolves once it is ready (every guild of the shard received). */
  async start(id: number): Promise<void> {
    const { config, count, throttler } = this.o;
    const client = createDiscordClient(config, { ids: [id], count, throttler });
    this.o.attach(client);
    this.clients.set(id, client);
    let fatal: number | undefined;
    let up = false;
    const ready = new Promise<void>((resolve, reject) => {
      client.once(Events.ClientReady, () => resolve());
      client.on(Events.ShardDisconnect, (e) => {
        fatal = e.code;
        if (!up) reject(new Error(`the gateway closed the shard (${e.code})`));
        else if (this.clients.get(id) === client) this.o.onFatal(id, e.code);
      });
    });
    ready.catch(() => {}); // awaited below, after login
    try {
      await client.login(config.discord.token);
      await ready;
      up = true;
    } catch (err) {
      this.clients.delete(id);
      await client.destroy().catch(() => {});
      throw closeError(err, fatal, config.discord.messageContent);
    }
    this.o.logger.info(
      { shard: id, shardCount: count, guilds: client.guilds.cache.size },
      "discord shard ready",
    );
  }

  async stop(id: number): Promise<void> {
    const client = this.clients.get(id);
    this.clients.delete(id);
    await client?.destroy();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.clients.keys()].map((id) => this.stop(id)));
  }
}

function closeError(err: unknown, code: number | undefined, messageContent: boolean): unknown {
  const text = err instanceof Error ? err.message : String(err);
  if (code === 4014 || /disallowed intents/i.test(text)) {
    return configError(
      "DISCORD_INTENT_DISALLOWED",
      messageContent
        ? "Discord refused the Message Content intent: enable it in the Developer Portal (Bot → Privileged Gateway Intents), or set DISCORD_MESSAGE_CONTENT=off."
        : "Discord refused the bot's gateway intents; check the application's Privileged Gateway Intents in the Developer Portal.",
    );
  }
  if (code === 4011 || /sharding required/i.test(text)) {
    return configError(
      "DISCORD_SHARDING_REQUIRED",
      "Discord requires more shards for this bot's servers: set DISCORD_SHARD_COUNT=auto (or a larger number).",
      { variables: ["DISCORD_SHARD_COUNT"] },
    );
  }
  if (code === 4010 || /invalid shard/i.test(text)) {
    return configError(
      "DISCORD_INVALID_SHARD",
      "Discord refused the shard: DISCORD_SHARD_IDS must be below DISCORD_SHARD_COUNT, and every replica must use the same DISCORD_SHARD_COUNT.",
      { variables: ["DISCORD_SHARD_IDS", "DISCORD_SHARD_COUNT"] },
    );
  }
  if (code !== undefined && FATAL[code]) {
    return configError("DISCORD_GATEWAY_REFUSED", `Discord closed the gateway: ${FATAL[code]} (${code}).`);
  }
  return err;
}
