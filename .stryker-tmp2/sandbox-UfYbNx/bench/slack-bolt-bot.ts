/**
 * Bolt-only baseline for bench/slack.ts (BENCH_SLACK_BOT=bolt): the same HTTP receiver and Bolt
 * options as the bot, with slash-command handlers that only ack. What remains is Bolt and Node's HTTP.
 */
// @ts-nocheck

import { App, LogLevel } from "@slack/bolt";

const bolt = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
  processBeforeResponse: false,
});
bolt.command(/.*/, async ({ ack }) => {
  await ack();
});
await bolt.start({ port: Number(process.env.SLACK_PORT), host: "0.0.0.0" });
process.once("SIGTERM", () => void bolt.stop().then(() => process.exit(0)));
