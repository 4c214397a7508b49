/** The Discord double's sharded gateway: /gateway/bot, routing by shard, 4010/4011/4013, identify rate. */
import { Client, Events, GatewayIntentBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { spreadGuilds } from "../helpers/shard-guilds.js";
import { shardOf } from "./discord/gateway-limits.js";
import { createDiscordDouble, type DiscordDouble } from "./discord/index.js";
import { restClient } from "./discord-rest.js";

let double: DiscordDouble | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await double?.close();
  double = undefined;
});

const guilds = spreadGuilds;

/** A raw gateway IDENTIFY; resolves with the close code, or "op9", or "ready". */
function identify(d: DiscordDouble, payload: Record<string, unknown>): Promise<number | "op9" | "ready"> {
  const ws = new WebSocket(`${d.gatewayUrl}/?v=10&encoding=json`);
  return new Promise((resolve, reject) => {
    ws.on("message", (raw) => {
      const f = JSON.parse(String(raw)) as { op: number; t?: string };
      if (f.op === 10)
        ws.send(JSON.stringify({ op: 2, d: { token: d.options.token, intents: 1, ...payload } }));
      if (f.op === 9) {
        ws.close(1000);
        resolve("op9");
      }
      if (f.t === "READY") {
        ws.close(1000);
        resolve("ready");
      }
    });
    ws.on("close", (code) => resolve(code));
    ws.on("error", reject);
  });
}

async function login(d: DiscordDouble, shards: number[], shardCount: number): Promise<Client> {
  const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: d.restUrl }, shards, shardCount });
  clients.push(c);
  const ready = new Promise<void>((r) => c.once(Events.ClientReady, () => r()));
  await c.login(d.options.token);
  await ready;
  return c;
}

describe("Discord double gateway sharding", () => {
  it("recommends a shard per 1,000 guilds and counts session starts down per IDENTIFY", async () => {
    double = await createDiscordDouble({ guilds: guilds(2600), gateway: { maxConcurrency: 4 } });
    const get = async () =>
      (await (
        await fetch(`${double!.restUrl}/v10/gateway/bot`, {
          headers: { authorization: `Bot ${double!.options.token}` },
        })
      ).json()) as { shards: number; session_start_limit: Record<string, number> };
    const before = await get();
    expect(before.shards).toBe(3);
    expect(before.session_start_limit).toMatchObject({ total: 1000, remaining: 1000, max_concurrency: 4 });
    await login(double, [0, 1, 2], 3);
    expect((await get()).session_start_limit.remaining).toBe(997);
  });

  it("sends an interaction only to the session of the shard that owns its guild", async () => {
    const gs = guilds(4);
    double = await createDiscordDouble({ guilds: gs, gateway: { maxConcurrency: 2 } });
    // Discord only delivers registered commands.
    expect((await restClient(double).put([{ name: "ping", description: "Ping" }])).status).toBe(200);
    const [c0, c1] = [await login(double, [0], 2), await login(double, [1], 2)];
    const seen: Array<[number, string]> = [];
    c0.on(Events.InteractionCreate, (i) => void seen.push([0, i.guildId ?? ""]));
    c1.on(Events.InteractionCreate, (i) => void seen.push([1, i.guildId ?? ""]));
    expect(c0.guilds.cache.size + c1.guilds.cache.size).toBe(4);
    for (const g of gs) await double.slashCommand({ name: "ping", guildId: g.id });
    await expect.poll(() => seen.length).toBe(4);
    expect(seen.sort()).toEqual(gs.map((g) => [shardOf(g.id, 2), g.id] as [number, string]).sort());
  });

  it("closes an unsharded session past 2,500 guilds with 4011, and serves the same bot sharded", async () => {
    double = await createDiscordDouble({ guilds: guilds(2501), gateway: { maxConcurrency: 2 } });
    expect(await identify(double, { shard: [0, 1] })).toBe(4011);
    expect(await identify(double, {})).toBe(4011);
    const c = await login(double, [0, 1], 2);
    expect(c.guilds.cache.size).toBe(2501);
  });

  it("refuses a shard outside its count (4010) and unknown intent bits (4013)", async () => {
    double = await createDiscordDouble({ gateway: { maxConcurrency: 16 } });
    expect(await identify(double, { shard: [2, 2] })).toBe(4010);
    expect(await identify(double, { shard: [0, 0] })).toBe(4010);
    expect(await identify(double, { shard: "0" })).toBe(4010);
    expect(await identify(double, { shard: [1, 2], intents: 1 << 30 })).toBe(4013);
    expect(double.gatewayStats.closes).toEqual({ 4010: 3, 4013: 1 });
  });

  it("allows one IDENTIFY per 5 s per max_concurrency bucket, and refuses the rest with op 9", async () => {
    double = await createDiscordDouble({ guilds: guilds(8), gateway: { maxConcurrency: 2 } });
    expect(await identify(double, { shard: [0, 4] })).toBe("ready");
    expect(await identify(double, { shard: [1, 4] })).toBe("ready"); // bucket 1
    expect(await identify(double, { shard: [2, 4] })).toBe("op9"); // bucket 0 again, within 5 s
    expect(double.gatewayStats).toMatchObject({ identifies: 2, rateLimited: 1 });
  });

  it("refuses IDENTIFY with op 9 once the session start limit is used up", async () => {
    double = await createDiscordDouble({ gateway: { maxConcurrency: 16, sessionStartTotal: 1 } });
    expect(await identify(double, { shard: [0, 2] })).toBe("ready");
    expect(await identify(double, { shard: [1, 2] })).toBe("op9");
    expect(double.gatewayStats.sessionLimited).toBe(1);
  });
});
