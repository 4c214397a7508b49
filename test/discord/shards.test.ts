/** One bot process running several shards: auto count, listed shards, identify pacing, session start limit. */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { shardOf } from "../doubles/discord/gateway-limits.js";
import { type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";
import { spreadGuilds } from "../helpers/shard-guilds.js";

let s: DiscordStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function balance(stack: DiscordStack, guildId: string) {
  const h = await stack.discord.slashCommand({
    name: "theta",
    guildId,
    options: [{ name: "balance", type: 1 }],
  });
  await stack.discord.waitForMessage(
    (m) => m.interactionToken === h.token && JSON.stringify(m.embeds).includes("77.00"),
    10_000,
  );
  return stack.discord.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/interactions/${h.id}/`))
    .length;
}

describe("Discord shards in one process", () => {
  it("DISCORD_SHARD_COUNT=auto past 2,500 servers: connects Discord's 3 shards, pacing IDENTIFYs per max_concurrency", async () => {
    const guilds = spreadGuilds(2600);
    s = await startDiscordStack(
      { DISCORD_SHARD_COUNT: "auto" },
      { double: { guilds, gateway: { maxConcurrency: 2 } } },
    );
    s.theta.setBalance(77);
    expect(s.discord.liveShards().sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    // Shards 0 and 2 share identify bucket 0: the second waited its 5 s instead of being refused.
    expect(s.discord.gatewayStats).toMatchObject({ identifies: 3, rateLimited: 0 });
    for (const shard of [0, 1, 2]) {
      const g = guilds.find((x) => shardOf(x.id, 3) === shard)!;
      expect(await balance(s, g.id)).toBe(1);
    }
  }, 60_000);

  it("DISCORD_SHARD_IDS=1 of 2: runs only that shard and answers its servers", async () => {
    const guilds = spreadGuilds(6);
    s = await startDiscordStack(
      { DISCORD_SHARD_COUNT: "2", DISCORD_SHARD_IDS: "1" },
      { double: { guilds, gateway: { maxConcurrency: 2 } } },
    );
    s.theta.setBalance(77);
    expect(s.discord.liveShards()).toEqual([[1, 2]]);
    expect(await balance(s, guilds.find((g) => shardOf(g.id, 2) === 1)!.id)).toBe(1);
  });

  it("starts no more sessions than session_start_limit.remaining allows, and says the rest wait", async () => {
    s = await startDiscordStack(
      { DISCORD_SHARD_COUNT: "3" },
      { double: { guilds: spreadGuilds(6), gateway: { maxConcurrency: 16, sessionStartTotal: 2 } } },
    );
    expect(s.discord.liveShards()).toHaveLength(2);
    expect(s.discord.gatewayStats.sessionLimited).toBe(0);
    expect(s.logs.text()).toContain("discord session start limit reached");
  });

  it("refuses shard ids outside DISCORD_SHARD_COUNT at start, naming the variable", () => {
    expect(() => loadConfig({ DISCORD_SHARD_COUNT: "2", DISCORD_SHARD_IDS: "0,2" })).toThrow(
      /DISCORD_SHARD_IDS: shard ids must be below DISCORD_SHARD_COUNT \(2\), got 2/,
    );
    expect(() => loadConfig({ DISCORD_SHARD_COUNT: "many" })).toThrow(/DISCORD_SHARD_COUNT/);
  });
});
