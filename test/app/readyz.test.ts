import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackDouble, startSlackDouble } from "../doubles/slack/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

let slack: SlackDouble;
let theta: ThetaDouble;
beforeAll(async () => {
  slack = await startSlackDouble();
  theta = await createThetaDouble({ warmup: [] });
});
afterAll(async () => {
  await slack.close();
  await theta.close();
});

describe("/readyz and /metrics of a running bot", () => {
  it("report the Slack connection with store, queue and workers, and Node's default metrics", async () => {
    const p = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        ...theta.env(),
        DATA_DIR: mkdtempSync(join(tmpdir(), "tb-ready-")),
        HTTP_PORT: "0",
        LOG_LEVEL: "info",
        SLACK_BOT_TOKEN: slack.options.botToken,
        SLACK_SIGNING_SECRET: slack.options.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        SLACK_PORT: "0",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    const exited = new Promise<void>((r) => p.on("exit", () => r()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        p.stderr.on("data", (d: Buffer) => {
          log += d.toString();
          const m = /"http":"(http:\/\/[^"]+)".*running/.exec(log);
          if (m) resolve(m[1]!);
        });
        p.on("exit", (code) => reject(new Error(`exited ${code}: ${log}`)));
      });
      const ready = await fetch(`${url}/readyz`);
      expect(await ready.json()).toEqual({
        ok: true,
        checks: { store: true, queue: true, workers: true, slack: true },
      });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^process_cpu_user_seconds_total /m);
      expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(metrics).toMatch(/^theta_bot_queue_jobs/m);
    } finally {
      p.kill("SIGTERM");
      await exited;
    }
  }, 60_000);
});

describe("adapter connection state", () => {
  let s: SlackStack;
  it("Socket Mode: connected once started, not after stopping", async () => {
    s = await startSlackStack({}, { socket: true });
    try {
      expect(s.adapter.connected()).toBe(true);
      await s.adapter.stop();
      expect(s.adapter.connected()).toBe(false);
    } finally {
      await s.close();
    }
  });
});

describe("Discord gateway state for /readyz", () => {
  it("is up once the adapter has connected, down after it stops", async () => {
    const { startDiscordStack } = await import("../helpers/discord-stack.js");
    const d = await startDiscordStack();
    try {
      expect(d.adapter.connected()).toBe(true);
      await d.adapter.stop();
      expect(d.adapter.connected()).toBe(false);
    } finally {
      await d.close();
    }
  });
});
