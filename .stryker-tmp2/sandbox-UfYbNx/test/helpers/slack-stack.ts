// @ts-nocheck
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SlackAdapter } from "../../src/adapters/slack/adapter.js";
import { type App, createApp } from "../../src/app/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/core/logger.js";
import { DeliveryRouter } from "../../src/jobs/delivery.js";
import { type SlackDouble, startSlackDouble } from "../doubles/slack/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { ENCRYPTION_KEY } from "./discord-stack.js";
import { captureStream, doubleEnv } from "./theta-runtime.js";

export interface SlackStack {
  theta: ThetaDouble;
  slack: SlackDouble;
  app: App;
  adapter: SlackAdapter;
  eventsUrl: string;
  logs: ReturnType<typeof captureStream>;
  close(): Promise<void>;
}

/** Theta double + Slack double + the real app and Bolt adapter (HTTP receiver, or Socket Mode). */
export async function startSlackStack(
  env: Record<string, string | undefined> = {},
  o: {
    socket?: boolean;
    multi?: boolean;
    inferTiming?: { pendingMs: number; processingMs: number };
    teams?: Parameters<typeof startSlackDouble>[0] extends infer O
      ? O extends { teams?: infer T }
        ? T
        : never
      : never;
  } = {},
): Promise<SlackStack> {
  const theta = await createThetaDouble({
    inferTiming: o.inferTiming ?? { pendingMs: 20, processingMs: 40 },
    warmup: [],
  });
  const slack = await startSlackDouble(o.teams ? { teams: o.teams } : {});
  const config = loadConfig(
    doubleEnv(theta, {
      DATA_DIR: mkdtempSync(join(tmpdir(), "tb-slack-")),
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: "0",
      BOT_ENCRYPTION_KEY: ENCRYPTION_KEY,
      THETA_SHARED_CREDENTIALS: "allow",
      JOB_POLL_BASE_MS: "50",
      ...(o.multi
        ? {
            SLACK_CLIENT_ID: slack.options.clientId,
            SLACK_CLIENT_SECRET: slack.options.clientSecret,
            SLACK_STATE_SECRET: "state-secret-0123456789",
            SLACK_OAUTH_AUTHORIZE_URL: `${slack.apiUrl.replace(/api\/$/, "")}oauth/v2/authorize`,
          }
        : { SLACK_BOT_TOKEN: slack.options.botToken }),
      ...(o.socket
        ? { SLACK_APP_TOKEN: slack.options.appToken }
        : { SLACK_SIGNING_SECRET: slack.options.signingSecret }),
      ...env,
    }),
  );
  const logs = captureStream();
  const router = new DeliveryRouter();
  const app = await createApp(config, { logger: createLogger("debug", logs), delivery: router });
  const adapter = new SlackAdapter(config);
  adapter.registerDelivery(app, router);
  await adapter.start(app);
  await app.startWorkers(["slack"]);
  const port = adapter.server ? (adapter.server.address() as AddressInfo).port : 0;
  return {
    theta,
    slack,
    app,
    adapter,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    logs,
    async close() {
      await adapter.stop();
      await app.close(2000);
      await slack.close();
      await theta.close();
    },
  };
}

/** The value of the first button with this action id in a Block Kit payload. */
export function buttonValue(payload: unknown, actionId: string): string | undefined {
  const blocks =
    (payload as { blocks?: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> }).blocks ??
    [];
  for (const b of blocks) for (const e of b.elements ?? []) if (e.action_id === actionId) return e.value;
  return undefined;
}
