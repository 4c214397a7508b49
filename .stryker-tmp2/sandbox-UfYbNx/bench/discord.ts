/**
 * 500 /imagine interactions dispatched within one second through the Discord double, then 500
 * /theta balance: time from dispatch to the defer callback, and failures. Prints figures.
 */
// @ts-nocheck

import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDiscordDouble } from "../test/doubles/discord/index.js";
import { createThetaDouble } from "../test/doubles/theta/index.js";
import { doubleEnv } from "../test/helpers/theta-runtime.js";
import { percentile, print } from "./stats.js";

const N = Number(process.env.BENCH_INTERACTIONS ?? 500);
const theta = await createThetaDouble({ warmup: [] });
const discord = await createDiscordDouble();
// The bot runs as its own process (as in production), so the doubles' work does not share its event loop.
const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  env: {
    PATH: process.env.PATH ?? "",
    ...doubleEnv(theta, {
      DATA_DIR: mkdtempSync(join(tmpdir(), "tb-bench-discord-")),
      DISCORD_TOKEN: discord.options.token,
      DISCORD_APPLICATION_ID: discord.options.applicationId,
      DISCORD_API_URL: discord.restUrl,
      THETA_SHARED_CREDENTIALS: "allow",
      HTTP_PORT: "0",
      LOG_LEVEL: "warn",
    }),
  },
  stdio: ["ignore", "ignore", "inherit"],
});
await discord.waitForIdentify();

async function burst(name: string, options: unknown[]) {
  const sent: Array<Promise<{ ms: number } | { failed: true }>> = [];
  const spacing = 1000 / N;
  const t0 = Date.now();
  for (let k = 0; k < N; k++) {
    const at = t0 + k * spacing;
    const wait = at - Date.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const dispatched = Date.now();
    sent.push(
      discord
        .slashCommand({ name, options: options as never })
        .then((h) => discord.waitForCallback(h.id, 10_000))
        .then((cb) => ({ ms: cb.receivedAt - dispatched }))
        .catch(() => ({ failed: true as const })),
    );
  }
  const results = await Promise.all(sent);
  const ms = results.flatMap((r) => ("ms" in r ? [r.ms] : [])).sort((a, b) => a - b);
  return { ms, failed: results.length - ms.length + ms.filter((m) => m > 3000).length };
}

const imagine = await burst("imagine", [{ name: "prompt", type: 3, value: "a red fox" }]);
const balance = await burst("theta", [{ name: "balance", type: 1 }]);
print("interactions", N);
print("imagine_ack_p50_ms", percentile(imagine.ms, 50));
print("imagine_ack_p99_ms", percentile(imagine.ms, 99));
print("imagine_ack_max_ms", imagine.ms.at(-1) ?? Number.NaN);
print("imagine_failed", imagine.failed);
print("balance_ack_p50_ms", percentile(balance.ms, 50));
print("balance_ack_p99_ms", percentile(balance.ms, 99));
print("balance_failed", balance.failed);
bot.kill("SIGTERM");
await new Promise((r) => bot.once("exit", r));
await discord.close();
await theta.close();
process.exit(0);
