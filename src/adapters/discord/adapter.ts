import { randomBytes } from "node:crypto";
import { type Client, Events } from "discord.js";
import type { App } from "../../app/app.js";
import { discordMisconfigured } from "../../app/platform-config.js";
import type { ChatAdapter } from "../../app/serve.js";
import type { Config } from "../../config.js";
import { ActionService } from "../../core/chat/actions.js";
import { configError } from "../../core/errors.js";
import type { DeliveryRouter } from "../../jobs/delivery.js";
import { createDiscordClient } from "./client.js";
import { COMMANDS } from "./commands/index.js";
import type { DiscordContext } from "./context.js";
import { DiscordDelivery } from "./delivery.js";
import { createDispatcher } from "./dispatch.js";
import { fetchGatewayInfo } from "./gateway-info.js";
import { StoreIdentifyThrottler } from "./identify-throttle.js";
import { createMessageHandler } from "./qa.js";
import { ShardClients } from "./shard-clients.js";
import { ShardLeases } from "./shard-leases.js";

/**
 * The Discord adapter: gateway intake (bot role) and REST delivery (bot and worker roles). Intake
 * runs the shards this replica holds a lease on, one discord.js Client per shard.
 */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = "discord" as const;
  private client: Client | undefined;
  private leases: ShardLeases | undefined;
  private shards: ShardClients | undefined;
  private running = false;

  constructor(private readonly config: Config) {}

  private ensureClient(): Client {
    if (!this.client) {
      this.client = createDiscordClient(this.config);
      this.client.rest.setToken(this.config.discord.token!);
    }
    return this.client;
  }

  /** For /readyz: every shard this replica holds has its gateway session up (false while one reconnects). */
  connected(): boolean {
    if (!this.running || !this.shards) return false;
    // A replica on standby (every shard held by another) is healthy: it takes over on a failure.
    return this.shards.size === 0 || this.shards.allReady();
  }

  registerDelivery(app: App, router: DeliveryRouter): void {
    const client = this.ensureClient();
    router.register(
      "discord",
      new DiscordDelivery(
        client.rest,
        app.store,
        { outputHosts: this.config.outputHosts, maxBytes: this.config.mediaMaxBytes },
        app.logger,
        this.config.encryptionKey,
      ),
    );
  }

  async start(app: App): Promise<void> {
    const rest = this.ensureClient().rest;
    const logger = app.logger.child({ adapter: "discord" });
    // Warm the discovery cache so the first burst of commands does not all wait on (then stampede after) one fetch.
    void app.services.get().catch(() => {});
    const ctx: DiscordContext = {
      app,
      actions: new ActionService(app.runtime, app.store, app.jobs),
      credentials: app.tenantCredentials,
      rest,
      applicationId: this.config.discord.applicationId!,
    };
    const onInteraction = createDispatcher(ctx, COMMANDS);
    const info = await fetchGatewayInfo(rest).catch((err: unknown) => {
      if ((err as { status?: number }).status === 401)
        throw configError(
          "DISCORD_TOKEN_INVALID",
          "Discord refused DISCORD_TOKEN (401): copy the bot token again.",
        );
      throw err;
    });
    const { count: configured, ids: listed, leaseMs } = this.config.discord.shards;
    const count = configured === "auto" ? info.recommendedShards : configured;
    const bad = listed?.filter((id) => id >= count) ?? [];
    if (bad.length)
      throw configError(
        "CONFIG_INVALID",
        `Invalid configuration: DISCORD_SHARD_IDS: ${bad.join(", ")} not below the shard count ${count} (DISCORD_SHARD_COUNT=${configured}).`,
        { variables: ["DISCORD_SHARD_IDS"] },
      );
    const replicaId = randomBytes(6).toString("hex");
    const throttler = new StoreIdentifyThrottler(app.store, info.maxConcurrency, replicaId, logger);
    const clients = new ShardClients({
      config: this.config,
      count,
      throttler,
      logger,
      attach: (client) => {
        client.on(Events.InteractionCreate, onInteraction);
        client.on(Events.MessageCreate, createMessageHandler(ctx, client, logger));
        client.on(Events.Error, (err) => logger.error({ err }, "discord client error"));
      },
      onFatal: (id, code) => {
        logger.error({ shard: id, code }, "discord closed a shard for good");
        void this.leases?.fail(id);
      },
    });
    this.shards = clients;
    this.leases = new ShardLeases({
      store: app.store,
      count,
      listed,
      leaseMs,
      maxStarting: info.maxConcurrency,
      replicaId,
      logger,
      start: (id) => clients.start(id),
      stop: (id) => clients.stop(id),
      sessionBudget: async () => {
        const now = await fetchGatewayInfo(rest);
        return { remaining: now.remaining, resetAfterMs: now.resetAfterMs };
      },
    });
    const held = await this.leases.start();
    this.running = true;
    logger.info(
      { replica: replicaId, shards: held, shardCount: count, guilds: clients.guildCount() },
      held.length
        ? "discord adapter connected"
        : "discord adapter on standby: no free shard to run now (held by other replicas, or waiting)",
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.leases?.stop();
    await this.shards?.stopAll();
    await this.client?.destroy();
  }
}

/** On when both variables are set; half set up stops the start (exit 2); otherwise says which turn it on. */
export function discordAdapter(
  config: Config,
): DiscordAdapter | { platform: string; off: string } | { platform: string; misconfigured: string } {
  const wrong = discordMisconfigured(config);
  if (wrong) return { platform: "discord", misconfigured: wrong };
  if (config.discord.token && config.discord.applicationId) return new DiscordAdapter(config);
  return { platform: "discord", off: "set DISCORD_TOKEN and DISCORD_APPLICATION_ID to turn it on" };
}
