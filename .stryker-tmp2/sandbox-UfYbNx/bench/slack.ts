/**
 * 500 signed /imagine commands posted within one second to the Slack HTTP receiver (the bot runs as
 * its own process): time to the HTTP 200 ack, and failures. Prints figures.
 */
// @ts-nocheck

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
const bot = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_BOT_IMPORT ? ["--import", process.env.BENCH_BOT_IMPORT] : []),
    "--import",
    "tsx",
    // BENCH_SLACK_BOT=bolt: a Bolt app whose handlers only ack (what Bolt and Node's HTTP cost alone).
    process.env.BENCH_SLACK_BOT === "bolt" ? "bench/slack-bolt-bot.ts" : "src/main.ts",
  ],
  {
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
  },
);
const url = `http://127.0.0.1:${PORT}/slack/events`;
for (let k = 0; k < 200; k++) {
  const ok = await fetch(url, { method: "POST" }).then(
    () => true,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 100));
}
// The sender runs in its own process, so its timing is not skewed by the double's work; the
// double builds the bodies (real response_urls and trigger_ids).
const bodiesFile = join(mkdtempSync(join(tmpdir(), "tb-bench-slack-bodies-")), "bodies.json");
const command = process.env.BENCH_SLACK_COMMAND ?? "/imagine";
writeFileSync(
  bodiesFile,
  JSON.stringify(
    Array.from({ length: N }, (_, k) => {
      const { body } = slack.payloads.slashCommand({
        command,
        text: process.env.BENCH_SLACK_TEXT ?? `fox ${k}`,
      });
      return new URLSearchParams(body as Record<string, string>).toString();
    }),
  ),
);
const child = spawn(
  process.execPath,
  ["--import", "tsx", "bench/slack-sender.ts", url, slack.options.signingSecret, bodiesFile],
  {
    stdio: ["ignore", "ignore", "inherit"],
  },
);
await new Promise((r) => child.once("exit", r));
const all = JSON.parse(readFileSync(`${bodiesFile}.out`, "utf8")) as Array<{
  ms: number;
  status: number;
  at: number;
}>;
// The bot's work after the acks (quotes, private replies) goes on after the last ack: wait until the
// double has had no call for 500 ms (at most 30 s), so the bot is stopped idle and replies are counted.
for (let last = -1, waited = 0; slack.calls.length !== last && waited < 30_000; waited += 500) {
  last = slack.calls.length;
  await new Promise((r) => setTimeout(r, 500));
}
if (process.env.BENCH_DEBUG) {
  const slow = all
    .map((r, k) => [k, Math.round(r.ms)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  process.stderr.write(`slowest (index, ms): ${JSON.stringify(slow)}\n`);
  const calls: Record<string, number> = {};
  for (const c of slack.calls) calls[c.method] = (calls[c.method] ?? 0) + 1;
  process.stderr.write(
    `slack calls so far: ${JSON.stringify(calls)}; response_url bodies: ${slack.responses().length}\n`,
  );
}
const ok = all
  .filter((r) => r.status === 200 && r.ms < 3000)
  .map((r) => r.ms)
  .sort((a, b) => a - b);
print("commands", N);
print("ack_p50_ms", percentile(ok, 50));
print("ack_p99_ms", percentile(ok, 99));
print("ack_max_ms", ok.at(-1) ?? Number.NaN);
print("failed", N - ok.length);
const replies = slack.calls.filter((c) => c.method === "response_url");
print("replies", replies.length);
// From the first command sent to the last private reply received: how long the post-ack work took.
print("replies_done_ms", Math.max(...replies.map((c) => c.time)) - Math.min(...all.map((r) => r.at)));
bot.kill("SIGTERM");
await new Promise((r) => bot.once("exit", r));
await slack.close();
await theta.close();
process.exit(0);
