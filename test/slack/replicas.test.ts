/**
 * Slack replicas: two real bot processes on one Redis, either as HTTP receivers behind one URL or
 * as two Socket Mode connections. Each command and event is handled exactly once, also when the
 * same request reaches both replicas (a load balancer's retry, Slack's redelivery).
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SlackDouble, startSlackDouble } from "../doubles/slack/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { type BotProcess, startBotProcess } from "../helpers/bot-process.js";
import { ENCRYPTION_KEY } from "../helpers/discord-stack.js";
import { REDIS_URL } from "../helpers/job-stack.js";
import { deletePrefix } from "../helpers/redis-keys.js";
import { freePort, type RoundRobinProxy, startRoundRobinProxy } from "../helpers/round-robin-proxy.js";
import { doubleEnv } from "../helpers/theta-runtime.js";

const FORM = "application/x-www-form-urlencoded";
const BOT = "U0BOT0000001";
let theta: ThetaDouble;
let slack: SlackDouble;
const prefix = `tbslackrep-${process.pid}-${randomBytes(3).toString("hex")}`;
let bots: BotProcess[] = [];
let proxy: RoundRobinProxy | undefined;

beforeAll(async () => {
  theta = await createThetaDouble({ warmup: [], inferTiming: { pendingMs: 20, processingMs: 200 } });
  slack = await startSlackDouble();
});
afterEach(async () => {
  await Promise.all(bots.map((b) => b.kill("SIGTERM")));
  bots = [];
  await proxy?.close();
  proxy = undefined;
  slack.reset();
});
afterAll(async () => {
  await slack.close();
  await theta.close();
  await deletePrefix(REDIS_URL, prefix);
});

async function replicas(env: (n: number) => Promise<Record<string, string>>): Promise<BotProcess[]> {
  bots = await Promise.all(
    [0, 1].map(async (n) =>
      startBotProcess(
        `slack-${n}`,
        doubleEnv(theta, {
          REDIS_URL,
          REDIS_PREFIX: prefix,
          SLACK_API_URL: slack.apiUrl,
          SLACK_BOT_TOKEN: slack.options.botToken,
          BOT_ENCRYPTION_KEY: ENCRYPTION_KEY,
          THETA_SHARED_CREDENTIALS: "allow",
          THETA_INFERENCE_ENDPOINT: undefined,
          ...(await env(n)),
        }),
      ),
    ),
  );
  await Promise.all(bots.map((b) => b.waitForLog((l) => l.msg === "slack adapter running")));
  return bots;
}

/** Private quotes (response_url posts with a Confirm button) for this prompt. */
const quotes = (prompt: string) =>
  slack.responses().filter((b) => {
    const t = JSON.stringify(b);
    return t.includes("act_confirm") && t.includes(prompt);
  }).length;

const thinkingIn = (threadTs: string) =>
  slack.calls.filter(
    (c) =>
      c.method === "chat.postMessage" &&
      (c.body as { thread_ts?: string; text?: string }).thread_ts === threadTs &&
      (c.body as { text?: string }).text === "Thinking…",
  ).length;

async function settle(probe: () => boolean): Promise<void> {
  await expect.poll(probe, { timeout: 15_000 }).toBe(true);
  await new Promise((r) => setTimeout(r, 1000)); // time for a second (wrong) answer to show up
}

describe("Slack HTTP receivers behind one URL", () => {
  it("handle each command once, also when the same request reaches both replicas", async () => {
    const ports = [await freePort(), await freePort()];
    await replicas(async (n) => ({
      SLACK_SIGNING_SECRET: slack.options.signingSecret,
      SLACK_PORT: String(ports[n]),
    }));
    proxy = await startRoundRobinProxy(ports.map((p) => `http://127.0.0.1:${p}`));
    const sender = slack.sender(`${proxy.url}/slack/events`);
    for (let k = 0; k < 6; k++)
      expect((await sender.slashCommand({ command: "/imagine", text: `fox number ${k}` })).status).toBe(200);
    expect(proxy.forwarded).toEqual([3, 3]);
    // A load balancer retrying one request on the other replica: same body, same trigger_id.
    const built = slack.payloads.slashCommand({ command: "/imagine", text: "retried fox" });
    const raw = new URLSearchParams(built.body as Record<string, string>).toString();
    for (const port of ports) {
      const direct = slack.sender(`http://127.0.0.1:${port}/slack/events`);
      expect((await direct.raw(raw, FORM)).status).toBe(200);
    }
    await settle(
      () => quotes("retried fox") >= 1 && [0, 1, 2, 3, 4, 5].every((k) => quotes(`fox number ${k}`) >= 1),
    );
    expect(quotes("retried fox")).toBe(1);
    for (let k = 0; k < 6; k++) expect(quotes(`fox number ${k}`)).toBe(1);
  }, 90_000);

  it("answer an event once when Slack's retry lands on the other replica", async () => {
    const ports = [await freePort(), await freePort()];
    await replicas(async (n) => ({
      SLACK_SIGNING_SECRET: slack.options.signingSecret,
      SLACK_PORT: String(ports[n]),
    }));
    const ev = {
      type: "app_mention",
      text: `<@${BOT}> how do I cancel a job?`,
      ts: "1700000009.000100",
      eventId: "EvReplica1",
    };
    await slack.sender(`http://127.0.0.1:${ports[0]}/slack/events`).event(ev);
    await slack.sender(`http://127.0.0.1:${ports[1]}/slack/events`).event({ ...ev, retryNum: 1 });
    await settle(() => thinkingIn("1700000009.000100") >= 1);
    expect(thinkingIn("1700000009.000100")).toBe(1);
  }, 90_000);
});

describe("Slack Socket Mode with one connection per replica", () => {
  it("handle commands spread over both connections once, and a redelivery on the other connection not again", async () => {
    await replicas(async () => ({ SLACK_APP_TOKEN: slack.options.appToken }));
    await expect.poll(() => slack.socket.connectionCount(), { timeout: 15_000 }).toBe(2);
    for (let k = 0; k < 4; k++) {
      const { body } = slack.payloads.slashCommand({ command: "/imagine", text: `socket fox ${k}` });
      await slack.socket.dispatch({ type: "slash_commands", payload: body, connection: k });
    }
    const { body } = slack.payloads.slashCommand({ command: "/imagine", text: "redelivered fox" });
    await slack.socket.dispatch({ type: "slash_commands", payload: body, connection: 0 });
    await slack.socket.dispatch({ type: "slash_commands", payload: body, connection: 1, retryAttempt: 1 });
    await settle(
      () => quotes("redelivered fox") >= 1 && [0, 1, 2, 3].every((k) => quotes(`socket fox ${k}`) >= 1),
    );
    expect(quotes("redelivered fox")).toBe(1);
    for (let k = 0; k < 4; k++) expect(quotes(`socket fox ${k}`)).toBe(1);
  }, 90_000);
});
