// @ts-nocheck
import { type Client, Events } from "discord.js";
import type { App } from "../../app/app.js";
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
import { createMessageHandler } from "./qa.js";

/** The Discord adapter: gateway intake (bot role) and REST delivery (bot and worker roles). */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = "discord" as const;
  private client: Client | undefined;

  constructor(private readonly config: Config) {}

  private ensureClient(): Client {
    if (!this.client) {
      this.client = createDiscordClient(this.config);
      this.client.rest.setToken(this.config.discord.token!);
    }
    return this.client;
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
      ),
    );
  }

  async start(app: App): Promise<void> {
    const client = this.ensureClient();
    // Warm the discovery cache so the first burst of commands does not all wait on (then stampede after) one fetch.
    void app.services.get().catch(() => {});
    const ctx: DiscordContext = {
      app,
      actions: new ActionService(app.runtime, app.store, app.jobs),
      credentials: app.tenantCredentials,
      rest: client.rest,
      applicationId: this.config.discord.applicationId!,
    };
    client.on(Events.InteractionCreate, createDispatcher(ctx, COMMANDS));
    client.on(
      Events.MessageCreate,
      createMessageHandler(ctx, client, app.logger.child({ adapter: "discord" })),
    );
    client.on(Events.Error, (err) => app.logger.error({ err }, "discord client error"));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(this.config.discord.token).catch((err: unknown) => {
      if (err instanceof Error && /disallowed intents/i.test(err.message)) {
        throw configError(
          "DISCORD_INTENT_DISALLOWED",
          this.config.discord.messageContent
            ? "Discord refused the Message Content intent: enable it in the Developer Portal (Bot → Privileged Gateway Intents), or set DISCORD_MESSAGE_CONTENT=off."
            : "Discord refused the bot's gateway intents; check the application's Privileged Gateway Intents in the Developer Portal.",
        );
      }
      throw err;
    });
    await ready;
    app.logger.info(
      { user: client.user?.tag, guilds: client.guilds.cache.size },
      "discord adapter connected",
    );
  }

  async stop(): Promise<void> {
    await this.client?.destroy();
  }
}

/** On when both variables are set; otherwise says which turn it on. */
export function discordAdapter(config: Config): DiscordAdapter | { platform: string; off: string } {
  if (config.discord.token && config.discord.applicationId) return new DiscordAdapter(config);
  return { platform: "discord", off: "set DISCORD_TOKEN and DISCORD_APPLICATION_ID to turn it on" };
}
