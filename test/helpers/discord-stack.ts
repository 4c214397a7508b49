import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiscordAdapter } from "../../src/adapters/discord/adapter.js";
import { deployCommands } from "../../src/adapters/discord/deploy-commands.js";
import { type App, createApp } from "../../src/app/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/core/logger.js";
import { DeliveryRouter } from "../../src/jobs/delivery.js";
import { createDiscordDouble, type DiscordDouble } from "../doubles/discord/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { captureStream, doubleEnv } from "./theta-runtime.js";

export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
export const ADMIN_PERMS = "32"; // Manage Server (0x20)

export interface DiscordStack {
  theta: ThetaDouble;
  discord: DiscordDouble;
  app: App;
  adapter: DiscordAdapter;
  logs: ReturnType<typeof captureStream>;
  close(): Promise<void>;
}

/** Theta double + Discord double + the real app (embedded store and queue) + the real discord.js adapter. */
export async function startDiscordStack(
  env: Record<string, string | undefined> = {},
  o: {
    guilds?: string[];
    /** More text channels in the default guild (e.g. a support channel). */
    channels?: string[];
    inferTiming?: { pendingMs: number; processingMs: number };
    /** Privileged intents the double's application has enabled (Developer Portal). */
    privilegedIntents?: Array<"GuildMembers" | "GuildPresences" | "MessageContent">;
    /** The app logger's level (default debug). */
    logLevel?: string;
  } = {},
): Promise<DiscordStack> {
  const theta = await createThetaDouble({
    inferTiming: o.inferTiming ?? { pendingMs: 20, processingMs: 40 },
    warmup: [],
  });
  const discord = await createDiscordDouble({
    ...(o.privilegedIntents ? { privilegedIntents: o.privilegedIntents } : {}),
    ...(o.guilds
      ? { guilds: o.guilds.map((id, n) => ({ id, channels: [{ id: `30000000000000000${n + 1}` }] })) }
      : o.channels
        ? {
            guilds: [
              {
                id: "200000000000000001",
                channels: [
                  { id: "300000000000000001", name: "general" },
                  ...o.channels.map((id) => ({ id })),
                ],
              },
            ],
          }
        : {}),
  });
  const fullEnv = doubleEnv(theta, {
    DATA_DIR: mkdtempSync(join(tmpdir(), "tb-discord-")),
    DISCORD_TOKEN: discord.options.token,
    DISCORD_APPLICATION_ID: discord.options.applicationId,
    DISCORD_API_URL: discord.restUrl,
    BOT_ENCRYPTION_KEY: ENCRYPTION_KEY,
    THETA_SHARED_CREDENTIALS: "allow",
    JOB_POLL_BASE_MS: "50",
    THETA_OUTPUT_HOSTS: "127.0.0.1",
    ...env,
  });
  const config = loadConfig(fullEnv);
  // As an operator does once (README): Discord only delivers commands that were registered.
  await deployCommands([], fullEnv);
  const logs = captureStream();
  const router = new DeliveryRouter();
  const app = await createApp(config, {
    logger: createLogger(o.logLevel ?? "debug", logs),
    delivery: router,
  });
  const adapter = new DiscordAdapter(config);
  adapter.registerDelivery(app, router);
  try {
    await adapter.start(app);
  } catch (err) {
    await adapter.stop();
    await app.close(1000);
    await discord.close();
    await theta.close();
    throw err;
  }
  await app.startWorkers(["discord"]);
  return {
    theta,
    discord,
    app,
    adapter,
    logs,
    async close() {
      await adapter.stop();
      await app.close(2000);
      await discord.close();
      await theta.close();
    },
  };
}

/** The custom id of the first button on a stored message whose id starts with `prefix`. */
export function buttonId(message: { components: unknown[] }, prefix: string): string | undefined {
  for (const row of message.components as Array<{ components?: Array<{ custom_id?: string }> }>) {
    for (const c of row.components ?? []) if (c.custom_id?.startsWith(prefix)) return c.custom_id;
  }
  return undefined;
}

/**
 * Opens `/theta setup family:<family>` as an admin and waits for the modal (callback type 9):
 * Discord only delivers a modal submit for a modal it showed.
 */
export async function openSetupModal(
  s: DiscordStack,
  family: string,
  o: { guildId?: string; channelId?: string; memberPermissions?: string } = {},
): Promise<void> {
  const cmd = await s.discord.slashCommand({
    name: "theta",
    ...(o.guildId ? { guildId: o.guildId } : {}),
    ...(o.channelId ? { channelId: o.channelId } : {}),
    memberPermissions: o.memberPermissions ?? ADMIN_PERMS,
    options: [{ name: "setup", type: 1, options: [{ name: "family", type: 3, value: family }] }],
  });
  const cb = await s.discord.waitForCallback(cmd.id);
  if (cb.type !== 9) throw new Error(`/theta setup family:${family} answered ${cb.type}, not a modal`);
}
