/**
 * Two real bot processes share one Discord bot's 4 gateway shards through Redis leases; one is
 * SIGKILLed and the other takes its shards over. Every command is answered exactly once throughout.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy-commands.js";
import { shardOf } from "../doubles/discord/gateway-limits.js";
import { createDiscordDouble, type DiscordDouble } from "../doubles/discord/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { type BotProcess, startBotProcess, until } from "../helpers/bot-process.js";
import { ENCRYPTION_KEY } from "../helpers/discord-stack.js";
import { REDIS_URL } from "../helpers/job-stack.js";
import { deletePrefix } from "../helpers/redis-keys.js";
import { spreadGuilds } from "../helpers/shard-guilds.js";
import { doubleEnv } from "../helpers/theta-runtime.js";

const SHARDS = 4;
const prefix = `tbshards-${process.pid}-${randomBytes(3).toString("hex")}`;
const guilds = spreadGuilds(24);
let theta: ThetaDouble;
let discord: DiscordDouble;
const bots: BotProcess[] = [];

function startReplica(name: string): BotProcess {
  const bot = startBotProcess(
    name,
    doubleEnv(theta, {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DISCORD_TOKEN: discord.options.token,
      DISCORD_APPLICATION_ID: discord.options.applicationId,
      DISCORD_API_URL: discord.restUrl,
      DISCORD_SHARD_COUNT: String(SHARDS),
      DISCORD_SHARD_LEASE_MS: "3000",
      BOT_ENCRYPTION_KEY: ENCRYPTION_KEY,
      THETA_SHARED_CREDENTIALS: "allow",
    }),
  );
  bots.push(bot);
  return bot;
}

/** POSTs the bot made to the interaction's callback route (Discord accepts one; the double logs all). */
function callbacks(id: string): number {
  return discord.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/interactions/${id}/`)).length;
}

/** /theta balance in one guild of each shard; resolves once each shows the balance. */
async function balanceInEveryShard(shards: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const shard of shards) {
    const g = guilds.find((x) => shardOf(x.id, SHARDS) === shard)!;
    const h = await discord.slashCommand({
      name: "theta",
      guildId: g.id,
      options: [{ name: "balance", type: 1 }],
    });
    ids.push(h.id);
    await discord.waitForMessage(
      (m) => m.interactionToken === h.token && JSON.stringify(m.embeds).includes("1234.50"),
      15_000,
    );
  }
  return ids;
}

const distinctLive = () => new Set(discord.liveShards().map(([id]) => id));

beforeAll(async () => {
  theta = await createThetaDouble({ warmup: [] });
  theta.setBalance(1234.5);
  discord = await createDiscordDouble({ guilds, gateway: { maxConcurrency: 2 } });
  // As the operator does once: Discord only delivers registered commands.
  await deployCommands([], {
    DISCORD_TOKEN: discord.options.token,
    DISCORD_APPLICATION_ID: discord.options.applicationId,
    DISCORD_API_URL: discord.restUrl,
    LOG_LEVEL: "silent",
  });
});

afterAll(async () => {
  await Promise.all(bots.map((b) => b.kill("SIGKILL")));
  await discord.close();
  await theta.close();
  await deletePrefix(REDIS_URL, prefix);
});

describe("Discord replicas sharing shards (real processes, real Redis)", () => {
  it("split the shards, and a SIGKILLed replica's shards are served by the other, each command answered once", async () => {
    const [a, b] = [startReplica("a"), startReplica("b")];
    await until(
      () => a.shards().size === 2 && b.shards().size === 2 && distinctLive().size === SHARDS,
      90_000,
      "both replicas holding two shards each",
    );
    // Never one shard on two sessions: the leases keep owners unique.
    expect(discord.liveShards()).toHaveLength(SHARDS);
    expect([...a.shards()].some((s) => b.shards().has(s))).toBe(false);
    const before = await balanceInEveryShard([0, 1, 2, 3]);

    const orphaned = [...a.shards()];
    await a.kill("SIGKILL");
    await until(() => b.shards().size === SHARDS, 30_000, "the survivor taking every shard");
    await discord.waitForShards(orphaned, SHARDS);
    const after = await balanceInEveryShard(orphaned);

    for (const id of [...before, ...after]) expect(callbacks(id)).toBe(1);
    expect(discord.liveShards()).toHaveLength(SHARDS);
    // The replicas paced their IDENTIFYs through Redis: Discord never had to refuse one.
    expect(discord.gatewayStats.rateLimited).toBe(0);
  }, 150_000);
});
