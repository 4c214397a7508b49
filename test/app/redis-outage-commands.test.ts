import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordAdapter } from "../../src/adapters/discord/adapter.js";
import { deployCommands } from "../../src/adapters/discord/deploy-commands.js";
import { SlackAdapter } from "../../src/adapters/slack/adapter.js";
import { type App, createApp } from "../../src/app/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/core/logger.js";
import { DeliveryRouter } from "../../src/jobs/delivery.js";
import { createDiscordDouble, type DiscordDouble } from "../doubles/discord/index.js";
import { type SlackDouble, startSlackDouble } from "../doubles/slack/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { buttonId, ENCRYPTION_KEY } from "../helpers/discord-stack.js";
import { buttonValue } from "../helpers/slack-stack.js";
import { captureStream, doubleEnv } from "../helpers/theta-runtime.js";
import { type RedisServer, sleep, startRedisServer, waitUntil } from "../jobs/fixtures/reliability-kit.js";
import { startTcpProxy, type TcpProxy } from "../queue/tcp-proxy.js";

/**
 * Redis goes away for about 4 s under a running bot (both adapters, Redis store and BullMQ queue):
 * a dedicated redis-server behind a TCP proxy that is cut, so the machine's Redis is never touched.
 * Every Slack command and Discord interaction sent during the cut gets a visible answer, and a
 * Confirm clicked during the cut charges nothing; clicked again afterwards it charges once.
 */
const N = 8;
const CUT_MS = 4000;

let redis: RedisServer;
let proxy: TcpProxy;
let theta: ThetaDouble;
let discord: DiscordDouble;
let slack: SlackDouble;
let app: App;
let discordAdapter: DiscordAdapter;
let slackAdapter: SlackAdapter;
let eventsUrl: string;
const logs = captureStream();

beforeAll(async () => {
  redis = await startRedisServer();
  proxy = await startTcpProxy(redis.port);
  theta = await createThetaDouble({ inferTiming: { pendingMs: 20, processingMs: 40 }, warmup: [] });
  discord = await createDiscordDouble();
  slack = await startSlackDouble();
  const env = doubleEnv(theta, {
    DATA_DIR: mkdtempSync(join(tmpdir(), "tb-outage-")),
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    DISCORD_TOKEN: discord.options.token,
    DISCORD_APPLICATION_ID: discord.options.applicationId,
    DISCORD_API_URL: discord.restUrl,
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: "0",
    SLACK_BOT_TOKEN: slack.options.botToken,
    SLACK_SIGNING_SECRET: slack.options.signingSecret,
    BOT_ENCRYPTION_KEY: ENCRYPTION_KEY,
    THETA_SHARED_CREDENTIALS: "allow",
    JOB_POLL_BASE_MS: "50",
    THETA_OUTPUT_HOSTS: "127.0.0.1",
  });
  const config = loadConfig(env);
  // Discord only delivers commands that were registered (as the operator does once).
  await deployCommands([], env);
  const router = new DeliveryRouter();
  app = await createApp(config, { logger: createLogger("debug", logs), delivery: router });
  discordAdapter = new DiscordAdapter(config);
  slackAdapter = new SlackAdapter(config);
  discordAdapter.registerDelivery(app, router);
  slackAdapter.registerDelivery(app, router);
  await discordAdapter.start(app);
  await slackAdapter.start(app);
  await app.startWorkers(["discord", "slack"]);
  eventsUrl = `http://127.0.0.1:${(slackAdapter.server!.address() as AddressInfo).port}/slack/events`;
}, 60_000);

afterAll(async () => {
  await proxy?.restore().catch(() => {});
  await discordAdapter?.stop();
  await slackAdapter?.stop();
  await app?.close(2000);
  await discord?.close();
  await slack?.close();
  await theta?.close();
  await proxy?.close();
  await redis?.kill();
});

const text = (v: unknown) => JSON.stringify(v);
const STORAGE = /storage is unavailable/;

/** A Slack /imagine: the HTTP ack, then the first response_url post for it (its visible answer). */
async function slackImagine(prompt: string) {
  const res = await slack.sender(eventsUrl).slashCommand({ command: "/imagine", text: prompt });
  const answer = await slack.waitForCall("response_url", (c) => c.target === res.responseUrlId, 15_000);
  return { status: res.status, answer: text(answer.body), body: answer.body };
}

/**
 * A Discord /imagine: the interaction callback (the double refuses one after 3 s, so a recorded
 * callback was in time) and what the user then sees: the callback's own message, or the deferred
 * reply's edit.
 */
async function discordImagine(prompt: string) {
  const cmd = await discord.slashCommand({
    name: "imagine",
    options: [{ name: "prompt", type: 3, value: prompt }],
  });
  const cb = await discord.waitForCallback(cmd.id, 10_000);
  if (cb.type === 4) return { cmd, cb, seen: text(cb.data) };
  const m = await discord.waitForMessage(
    (x) => x.interactionToken === cmd.token && (x.embeds.length > 0 || Boolean(x.content)),
    15_000,
  );
  return { cmd, cb, seen: text({ content: m.content, embeds: m.embeds }), message: m };
}

describe("commands while Redis is down for about 4 s", () => {
  it("every Slack command and Discord interaction gets a visible answer; nothing is charged twice", async () => {
    // Before the cut: one quote on each platform, to confirm during the outage.
    const slackBefore = await slackImagine("before the cut slack");
    const slackAction = buttonValue(slackBefore.body, "act_confirm");
    expect(slackAction).toBeDefined();
    const discordBefore = await discordImagine("before the cut discord");
    const card = discordBefore.message!;
    const discordConfirm = buttonId(card, "act:confirm:");
    expect(discordConfirm).toBeDefined();
    const chargedBefore = theta.count("POST", /infer_request/);
    expect(chargedBefore).toBe(0);

    await proxy.cut();
    const cutAt = Date.now();
    const slackRuns: Array<Promise<Awaited<ReturnType<typeof slackImagine>>>> = [];
    const discordRuns: Array<Promise<Awaited<ReturnType<typeof discordImagine>>>> = [];
    for (let k = 0; k < N; k++) {
      slackRuns.push(slackImagine(`during the cut slack ${k}`));
      discordRuns.push(discordImagine(`during the cut discord ${k}`));
      await sleep((CUT_MS - 800) / N);
    }
    // Mentions of the bot while Redis is down are answered too.
    const mentionTs = "1700000099.000100";
    await slack
      .sender(eventsUrl)
      .event({ type: "app_mention", text: "<@U0BOT0000001> how do I set up keys?", ts: mentionTs });
    const mention = await discord.userMessage({
      channelId: "300000000000000001",
      content: "<@100000000000000001> how do I set up keys?",
    });
    // Confirms clicked while Redis is down.
    const slackClick = await slack
      .sender(eventsUrl)
      .blockAction({ actionId: "act_confirm", value: slackAction! });
    const discordClick = await discord.button({ customId: discordConfirm!, messageId: card.id });
    await sleep(Math.max(0, CUT_MS - (Date.now() - cutAt)));
    await proxy.restore();

    const slackResults = await Promise.all(slackRuns);
    for (const r of slackResults) {
      expect(r.status).toBe(200);
      // Told the store is down, or (once it was back) processed: a quote to confirm.
      expect(STORAGE.test(r.answer) || r.answer.includes("act_confirm")).toBe(true);
    }
    const discordResults = await Promise.all(discordRuns);
    for (const r of discordResults) {
      expect([4, 5]).toContain(r.cb.type);
      expect(STORAGE.test(r.seen) || r.seen.includes("per image")).toBe(true);
    }
    // Most of them fell inside the cut and were told so (not silently processed later).
    expect(slackResults.filter((r) => STORAGE.test(r.answer)).length).toBeGreaterThan(N / 2);
    expect(discordResults.filter((r) => STORAGE.test(r.seen)).length).toBeGreaterThan(N / 2);

    // The confirms clicked during the cut were answered and charged nothing.
    expect(slackClick.status).toBe(200);
    const slackClickAnswer = await slack.waitForCall(
      "response_url",
      (c) => c.target === slackClick.responseUrlId,
      15_000,
    );
    expect(text(slackClickAnswer.body)).toMatch(STORAGE);
    expect(text(slackClickAnswer.body)).toContain("nothing was charged");
    await slack.waitForCall(
      "chat.postMessage",
      (c) => text(c.body).includes(mentionTs) && STORAGE.test(text(c.body)),
      15_000,
    );
    await discord.waitForMessage(
      (m) => m.author.bot && m.reference?.messageId === mention.id && STORAGE.test(text(m.embeds)),
      15_000,
    );
    const discordClickCb = await discord.waitForCallback(discordClick.id, 10_000);
    expect([4, 5, 6]).toContain(discordClickCb.type);
    expect(theta.count("POST", /infer_request/)).toBe(0);

    // After the outage the same quotes can be confirmed, and each charges exactly once.
    await waitUntil(async () => (await app.store.ping().then(() => true)) as boolean, "Redis back", 15_000);
    await slack.sender(eventsUrl).blockAction({ actionId: "act_confirm", value: slackAction! });
    await slack.waitForCall(
      "files.completeUploadExternal",
      (c) => text(c.body).includes("before the cut slack"),
      20_000,
    );
    await discord.button({ customId: discordConfirm!, messageId: card.id });
    await discord.waitForMessage(
      (m) => m.attachments.length > 0 && text(m.embeds).includes("before the cut discord"),
      20_000,
    );
    expect(theta.count("POST", "/ondemand/infer_request/flux")).toBe(2);
    // Nothing went unanswered because of an unhandled failure.
    expect(logs.text()).not.toMatch(/unhandled|slack app error/i);
  }, 90_000);
});
