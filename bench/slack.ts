/**
 * 500 signed /imagine commands posted within one second to the Slack HTTP receiver (the bot runs as
 * its own process): time to the HTTP 200 ack, and failures. Prints figures.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSlackDouble } from "../test/doubles/slack/index.js";
import { createThetaDouble } from "../test/doubles/theta/index.js";
import { doubleEnv } from "../test/helpers/theta-runtime.js";
import { percentile, print } from "./stats.js";

const N = Number(process.env.BENCH_COMMANDS ?? 500);
const PORT = 39_000 + Math.floor(Math.random() * 1000);
const theta = await createThetaDouble({ warmup: [] });
const slack = await startSlackDouble();
const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  env: {
    PATH: process.env.PATH ?? "",
    ...doubleEnv(theta, {
      DATA_DIR: mkdtempSync(join(tmpdir(), "tb-bench-slack-")),
      SLACK_BOT_TOKEN: slack.options.botToken,
      SLACK_SIGNING_SECRET: slack.options.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: String(PORT),
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
      THETA_SHARED_CREDENTIALS: "allow",
      HTTP_PORT: "0",
      LOG_LEVEL: "warn",
    }),
  },
  stdio: ["ignore", "ignore", "inherit"],
});
const url = `http://127.0.0.1:${PORT}/slack/events`;
for (let k = 0; k < 200; k++) {
  const ok = await fetch(url, { method: "POST" }).then(
    () => true,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 100));
}
const sender = slack.sender(url);
const t0 = Date.now();
const results: Array<Promise<{ ms: number; status: number }>> = [];
for (let k = 0; k < N; k++) {
  const wait = t0 + (k * 1000) / N - Date.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  results.push(
    sender
      .slashCommand({ command: "/imagine", text: `fox ${k}` })
      .then((r) => ({ ms: r.elapsedMs, status: r.status }))
      .catch(() => ({ ms: Number.NaN, status: 0 })),
  );
}
const all = await Promise.all(results);
const ok = all
  .filter((r) => r.status === 200 && r.ms < 3000)
  .map((r) => r.ms)
  .sort((a, b) => a - b);
print("commands", N);
print("ack_p50_ms", percentile(ok, 50));
print("ack_p99_ms", percentile(ok, 99));
print("ack_max_ms", ok.at(-1) ?? Number.NaN);
print("failed", N - ok.length);
bot.kill("SIGTERM");
await new Promise((r) => bot.once("exit", r));
await slack.close();
await theta.close();
process.exit(0);
