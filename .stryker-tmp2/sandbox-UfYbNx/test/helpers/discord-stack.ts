// @ts-nocheck
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiscordAdapter } from "../../src/adapters/discord/adapter.js";
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
  const config = loadConfig(
    doubleEnv(theta, {
      DATA_DIR: mkdtempSync(join(tmpdir(), "tb-discord-")),
      DISCORD_TOKEN: discord.options.token,
      DISCORD_APPLICATION_ID: discord.options.applicationId,
      DISCORD_API_URL: discord.restUrl,
      BOT_ENCRYPTION_KEY: ENCRYPTION_KEY,
      THETA_SHARED_CREDENTIALS: "allow",
      JOB_POLL_BASE_MS: "50",
      THETA_OUTPUT_HOSTS: "127.0.0.1",
      ...env,
    }),
  );
  const logs = captureStream();
  const router = new DeliveryRouter();
  const app = await createApp(config, { logger: createLogger("debug", logs), delivery: router });
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
