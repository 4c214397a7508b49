/**
 * 3 bot replicas (real processes) × 2 gateway shards each, over 5,000 guilds in the Discord double,
 * on one Redis: 1,000 /theta balance commands spread over the guilds within one second (each must
 * be answered exactly once; time to the ack), then SIGKILL of one replica: seconds until each of
 * its shards is served again by the others, and whether any command was answered twice.
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { deployCommands } from "../src/adapters/discord/deploy-commands.js";
import { shardOf } from "../test/doubles/discord/gateway-limits.js";
import { createDiscordDouble } from "../test/doubles/discord/index.js";
import { createThetaDouble } from "../test/doubles/theta/index.js";
import { type BotProcess, startBotProcess, until } from "../test/helpers/bot-process.js";
import { deletePrefix } from "../test/helpers/redis-keys.js";
import { spreadGuilds } from "../test/helpers/shard-guilds.js";
import { doubleEnv } from "../test/helpers/theta-runtime.js";
import { percentile, print } from "./stats.js";

const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const REPLICAS = 3;
const SHARDS = 6;
const GUILDS = 5000;
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1000);
const LEASE_MS = Number(process.env.BENCH_LEASE_MS ?? 15_000);
const MAX_CONCURRENCY = Number(process.env.BENCH_MAX_CONCURRENCY ?? 1);
const prefix = `tbbench-shards-${randomBytes(3).toString("hex")}`;

const guilds = spreadGuilds(GUILDS);
const theta = await createThetaDouble({ warmup: [] });
theta.setBalance(42);
const discord = await createDiscordDouble({ guilds, gateway: { maxConcurrency: MAX_CONCURRENCY } });
// As the operator does once: Discord only delivers registered commands (the double refuses others).
await deployCommands([], {
  DISCORD_TOKEN: discord.options.token,
  DISCORD_APPLICATION_ID: discord.options.applicationId,
  DISCORD_API_URL: discord.restUrl,
  LOG_LEVEL: "silent",
});
const bots: BotProcess[] = Array.from({ length: REPLICAS }, (_, n) =>
  startBotProcess(
    `bench-shards-${n}`,
    doubleEnv(theta, {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DISCORD_TOKEN: discord.options.token,
      DISCORD_APPLICATION_ID: discord.options.applicationId,
      DISCORD_API_URL: discord.restUrl,
      DISCORD_SHARD_COUNT: String(SHARDS),
      DISCORD_SHARD_LEASE_MS: String(LEASE_MS),
      THETA_SHARED_CREDENTIALS: "allow",
      LOG_LEVEL: "info",
    }),
  ),
);

const callbacks = (id: string) =>
  discord.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/interactions/${id}/`)).length;
const distinctLive = () => new Set(discord.liveShards().map(([id]) => id)).size;

const startedAt = Date.now();
try {
  await until(
    () => bots.every((b) => b.shards().size === SHARDS / REPLICAS) && distinctLive() === SHARDS,
    240_000,
    "every replica holding its share of the shards",
  );
} catch (err) {
  const { writeFileSync } = await import("node:fs");
  for (const b of bots) writeFileSync(`/tmp/${b.name}.log`, b.stderr());
  process.stderr.write(`${String(err)}; replica logs in /tmp/bench-shards-<n>.log\n`);
  await Promise.all(bots.map((b) => b.kill("SIGKILL")));
  await deletePrefix(REDIS_URL, prefix);
  process.exit(1);
}
const upSeconds = (Date.now() - startedAt) / 1000;

// 1,000 commands over the guilds within one second. Answers are read from the double's call log
// afterwards (no waiter per command inside the double's process while it serves the burst).
const dispatched = new Map<string, number>();
const t0 = Date.now();
const sends: Array<Promise<void>> = [];
for (let k = 0; k < COMMANDS; k++) {
  const wait = t0 + (k * 1000) / COMMANDS - Date.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const g = guilds[(k * 7919) % GUILDS]!;
  const at = Date.now();
  sends.push(
    discord
      .slashCommand({ name: "theta", guildId: g.id, options: [{ name: "balance", type: 1 }] })
      .then((h) => void dispatched.set(h.id, at)),
  );
}
await Promise.all(sends);
const callbackCalls = () =>
  discord.calls.filter(
    (c) => c.method === "POST" && c.path.startsWith("/interactions/") && c.path.endsWith("/callback"),
  );
let seen = -1;
for (let quiet = 0; quiet < 6; ) {
  await new Promise((r) => setTimeout(r, 500));
  const n = callbackCalls().length;
  quiet = n === seen ? quiet + 1 : 0;
  seen = n;
}
// Per interaction: its first accepted callback, and callbacks Discord refused after one was accepted
// (400: already acknowledged — a second answer) or because it came after the 3 s window (404).
const firstOk = new Map<string, number>();
const dup = new Set<string>();
for (const c of callbackCalls()) {
  const id = c.path.split("/")[2]!;
  if (c.status >= 200 && c.status < 300 && !firstOk.has(id)) firstOk.set(id, c.time);
  else if (c.status === 400 && firstOk.has(id)) dup.add(id);
}
const ids = [...dispatched.keys()];
const once = ids.filter((id) => firstOk.has(id) && !dup.has(id)).length;
const twice = dup.size;
const late = ids.filter((id) => callbacks(id) > 0 && !firstOk.has(id)).length;
const ackMs = ids
  .flatMap((id) => (firstOk.has(id) ? [firstOk.get(id)! - dispatched.get(id)!] : []))
  .sort((a, b) => a - b);

// SIGKILL one replica; probe each of its shards every 250 ms until a command there is answered.
const victim = bots[0]!;
const orphaned = [...victim.shards()];
const killedAt = Date.now();
await victim.kill("SIGKILL");
const servedAfter = new Map<number, number>();
const probes: string[] = [];
while (servedAfter.size < orphaned.length && Date.now() - killedAt < LEASE_MS + 60_000) {
  for (const shard of orphaned.filter((s) => !servedAfter.has(s))) {
    const g = guilds.find((x) => shardOf(x.id, SHARDS) === shard)!;
    void discord
      .slashCommand({ name: "theta", guildId: g.id, options: [{ name: "balance", type: 1 }] })
      .then(async (h) => {
        probes.push(h.id);
        await discord.waitForCallback(h.id, 30_000);
        if (!servedAfter.has(shard)) servedAfter.set(shard, (Date.now() - killedAt) / 1000);
      })
      .catch(() => {});
  }
  await new Promise((r) => setTimeout(r, 250));
}
await new Promise((r) => setTimeout(r, 2000));
const probesTwice = probes.filter((id) =>
  callbackCalls().some((c) => c.path.split("/")[2] === id && c.status === 400),
).length;
const seconds = [...servedAfter.values()].sort((a, b) => a - b);

print("load_average_1m", loadavg()[0]!);
print("replicas", REPLICAS);
print("shards", SHARDS);
print("guilds", GUILDS);
print("max_concurrency", MAX_CONCURRENCY);
print("startup_all_shards_ready_s", upSeconds);
print("commands", COMMANDS);
print("answered_once", once);
print("answered_twice", twice);
print("acked_too_late", late);
print("unanswered", ids.filter((id) => callbacks(id) === 0).length);
print("ack_p50_ms", percentile(ackMs, 50));
print("ack_p99_ms", percentile(ackMs, 99));
print("lease_ttl_s", LEASE_MS / 1000);
print("failover_target_s", LEASE_MS / 1000 + 5);
print("failover_first_shard_s", seconds[0] ?? Number.NaN);
print("failover_all_shards_s", seconds.length === orphaned.length ? seconds.at(-1)! : Number.NaN);
print("failover_probes_answered_twice", probesTwice);
print(
  "identifies_refused_by_discord",
  discord.gatewayStats.rateLimited + discord.gatewayStats.sessionLimited,
);
await Promise.all(bots.map((b) => b.kill("SIGTERM")));
await discord.close();
await theta.close();
await deletePrefix(REDIS_URL, prefix);
process.exit(0);
