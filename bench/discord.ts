/**
 * 500 /imagine interactions dispatched within one second through the Discord double, then 500
 * /theta balance: time from dispatch to the defer callback, and to the edit the user waits for (the
 * quote, or the inline balance), and failures; then the same for a bare discord.js client that
 * defers and edits at once (the baseline, same run, same double). Prints figures.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployCommands } from "../src/adapters/discord/deploy-commands.js";
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
// Discord only delivers registered commands (the double checks invocations against them). Its rate limits
// stay on: interaction callbacks and webhooks are not bound to the global limit, each token has its bucket.
await deployCommands([], {
  DISCORD_TOKEN: discord.options.token,
  DISCORD_APPLICATION_ID: discord.options.applicationId,
  DISCORD_API_URL: discord.restUrl,
});

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux): unlike latency it
 * hardly changes with what else the machine runs, so it shows what a change to the bot saves.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s ticks
  } catch {
    return Number.NaN;
  }
}

/** A burst and the CPU the given process used for it, per interaction. */
async function measured(pid: number | undefined, name: string, options: unknown[]) {
  const before = cpuMs(pid);
  const r = await burst(name, options);
  return { ...r, cpuMsPer: (cpuMs(pid) - before) / N };
}

async function burst(name: string, options: unknown[]) {
  const sent: Array<Promise<{ ms: number; token: string; at: number } | { failed: true }>> = [];
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
        .then(async (h) => ({ h, cb: await discord.waitForCallback(h.id, 10_000) }))
        .then(({ h, cb }) => ({ ms: cb.receivedAt - dispatched, token: h.token, at: dispatched }))
        .catch(() => ({ failed: true as const })),
    );
  }
  const results = await Promise.all(sent);
  const acked = results.flatMap((r) => ("ms" in r ? [r] : []));
  const ms = acked.map((r) => r.ms).sort((a, b) => a - b);
  // What the user waits for: the first edit of the deferred reply (the quote, or the answer).
  const shown = new Map<string, number>();
  const deadline = Date.now() + 20_000;
  while (shown.size < acked.length && Date.now() < deadline) {
    const byToken = new Map(discord.messages().map((m) => [m.interactionToken, m]));
    for (const r of acked) {
      const first = byToken.get(r.token)?.edits[0];
      if (first && !shown.has(r.token)) shown.set(r.token, first.at - r.at);
    }
    if (shown.size < acked.length) await new Promise((r) => setTimeout(r, 200));
  }
  const answerMs = [...shown.values()].sort((a, b) => a - b);
  return {
    ms,
    answerMs,
    failed: results.length - ms.length + ms.filter((m) => m > 3000).length,
    unanswered: acked.length - shown.size,
  };
}

const imagine = await measured(bot.pid, "imagine", [{ name: "prompt", type: 3, value: "a red fox" }]);
const balance = await measured(bot.pid, "theta", [{ name: "balance", type: 1 }]);
bot.kill("SIGTERM");
await new Promise((r) => bot.once("exit", r));
// Baseline in the same run: discord.js alone, deferring and editing at once, on the same double.
const raw = spawn(process.execPath, ["--import", "tsx", "bench/discord-raw-bot.ts"], {
  env: {
    PATH: process.env.PATH ?? "",
    DISCORD_TOKEN: discord.options.token,
    DISCORD_API_URL: discord.restUrl,
  },
  stdio: ["ignore", "ignore", "inherit"],
});
await discord.waitForIdentify();
await new Promise((r) => setTimeout(r, 500)); // the first session's replacement settles
// A registered command: the double (as Discord) refuses invocations of commands that were never registered.
const baseline = await measured(raw.pid, "theta", [{ name: "balance", type: 1 }]);
print("interactions", N);
print("imagine_ack_p50_ms", percentile(imagine.ms, 50));
print("imagine_ack_p99_ms", percentile(imagine.ms, 99));
print("imagine_ack_max_ms", imagine.ms.at(-1) ?? Number.NaN);
print("imagine_failed", imagine.failed);
print("imagine_quote_shown_p50_ms", percentile(imagine.answerMs, 50));
print("imagine_quote_shown_p99_ms", percentile(imagine.answerMs, 99));
print("imagine_quote_missing", imagine.unanswered);
print("balance_ack_p50_ms", percentile(balance.ms, 50));
print("balance_ack_p99_ms", percentile(balance.ms, 99));
print("balance_failed", balance.failed);
print("balance_answer_shown_p50_ms", percentile(balance.answerMs, 50));
print("balance_answer_shown_p99_ms", percentile(balance.answerMs, 99));
print("balance_answer_missing", balance.unanswered);
print("baseline_discordjs_answer_shown_p50_ms", percentile(baseline.answerMs, 50));
print("baseline_discordjs_answer_shown_p99_ms", percentile(baseline.answerMs, 99));
print("baseline_failed", baseline.failed + baseline.unanswered);
print(
  "balance_answer_shown_p99_ratio_to_baseline",
  percentile(balance.answerMs, 99) / percentile(baseline.answerMs, 99),
);
print(
  "imagine_quote_shown_p99_ratio_to_baseline",
  percentile(imagine.answerMs, 99) / percentile(baseline.answerMs, 99),
);
print("answer_shown_target_p99_ms", 300);
// CPU the bot process spent per interaction in each burst (ack, handling, reply, and the edits
// that followed within the burst's wait), and the bare discord.js baseline's.
print("imagine_bot_cpu_ms_per_interaction", imagine.cpuMsPer);
print("balance_bot_cpu_ms_per_interaction", balance.cpuMsPer);
print("baseline_discordjs_cpu_ms_per_interaction", baseline.cpuMsPer);
raw.kill("SIGTERM");
await new Promise((r) => raw.once("exit", r));
await discord.close();
await theta.close();
process.exit(0);
