// @ts-nocheck
import { createHash, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, MemoryInstallationStore, webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, type SlackDouble, startSlackDouble } from "./slack/index.js";

// Fast retries: WebClient's default is 10 retries over ~30 minutes.
const retryConfig = { retries: 2, minTimeout: 10, maxTimeout: 50 };

let double: SlackDouble;
let app: App;
let appUrl: string;
let socketApp: App | undefined;
const handled: string[] = [];

function clientOptions() {
  // A fresh object per App: Bolt mutates clientOptions (adds its logger; Socket Mode adds retryConfig).
  return { slackApiUrl: double.apiUrl, retryConfig };
}

beforeAll(async () => {
  double = await startSlackDouble();
  app = new App({
    token: double.options.botToken,
    signingSecret: double.options.signingSecret,
    logLevel: LogLevel.ERROR,
    clientOptions: clientOptions(),
  });
  app.command("/imagine", async ({ ack, command, client, respond }) => {
    await ack();
    handled.push(`imagine:${command.text}`);
    if (command.text === "respond") {
      await respond({ text: "only you can see this" });
      return;
    }
    await client.chat.postMessage({ channel: command.channel_id, text: `Generating: ${command.text}` });
  });
  app.action("cancel_job", async ({ ack, respond }) => {
    await ack();
    handled.push("cancel_job");
    await respond({ replace_original: true, text: "Cancelled" });
  });
  app.view("settings", async ({ ack, view }) => {
    const key = view.state.values.key_block?.key_input?.value ?? "";
    if (key.length < 8) {
      await ack({ response_action: "errors", errors: { key_block: "Too short" } });
      return;
    }
    await ack();
  });
  app.event("app_mention", async ({ event, say }) => {
    await say({ text: "hello from the bot", thread_ts: event.ts });
  });
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await socketApp?.stop();
  await app?.stop();
  await double?.close();
});

describe("slack double: HTTP receiver + Web API", () => {
  it("calls auth.test when the App is constructed", async () => {
    const call = await double.waitForCall("auth.test");
    expect(call.token).toBe(double.options.botToken);
  });

  it("delivers a signed slash command; the handler's postMessage lands in the double", async () => {
    const res = await double.sender(appUrl).slashCommand({ command: "/imagine", text: "a red fox" });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    const call = await double.waitForCall("chat.postMessage", (c) => c.status === 200);
    expect(call.team_id).toBe("T0000001"); // listener clients add team_id to every call
    const [msg] = double.messages({ channel: DEFAULT_CHANNEL_ID });
    expect(msg?.text).toBe("Generating: a red fox");
    expect(msg?.bot_id).toBe(double.options.teams[0]?.botId);
  });

  it("rejects a bad signature and a stale timestamp with 401 and runs no handler", async () => {
    const before = handled.length;
    const sender = double.sender(appUrl);
    const bad = await sender.slashCommand({ command: "/imagine", text: "x", badSignature: true });
    const stale = await sender.slashCommand({ command: "/imagine", text: "x", staleTimestamp: true });
    expect([bad.status, stale.status]).toEqual([401, 401]);
    expect(bad.body).toBe("");
    await new Promise((r) => setTimeout(r, 50));
    expect(handled.length).toBe(before);
  });

  it("records respond() posts to the response_url and applies them", async () => {
    const res = await double
      .sender(appUrl)
      .slashCommand({ command: "/imagine", text: "respond", userId: "U0MEMBER" });
    expect(res.status).toBe(200);
    await double.waitForCall("response_url", (c) => c.target === res.responseUrlId);
    expect(double.responses(res.responseUrlId)).toEqual([{ text: "only you can see this" }]);
    expect(double.messages({ ephemeralUser: "U0MEMBER" }).map((m) => m.text)).toEqual([
      "only you can see this",
    ]);
  });

  it("caps a response_url at 5 posts", async () => {
    const { responseUrl } = double.payloads.slashCommand({ command: "/imagine" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await fetch(responseUrl ?? "", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: `n${i}` }),
      });
      statuses.push(r.status);
      if (i === 5) expect(await r.text()).toBe("used_url");
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it("routes a block_actions click and replace_original edits the card", async () => {
    const card = await app.client.chat.postMessage({
      channel: DEFAULT_CHANNEL_ID,
      text: "Job running",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "Job running" } },
        {
          type: "actions",
          block_id: "job_actions",
          elements: [
            {
              type: "button",
              action_id: "cancel_job",
              value: "job-1",
              text: { type: "plain_text", text: "Cancel" },
            },
          ],
        },
      ],
    });
    const res = await double.sender(appUrl).blockAction({ actionId: "cancel_job", messageTs: card.ts });
    expect(res.status).toBe(200);
    const payload = res.payload as { actions: Array<{ block_id: string; value: string }> };
    expect(payload.actions[0]).toMatchObject({ block_id: "job_actions", value: "job-1" });
    await double.waitForCall("response_url", (c) => c.target === res.responseUrlId);
    const edited = double.messages({ channel: DEFAULT_CHANNEL_ID }).find((m) => m.ts === card.ts);
    expect(edited).toMatchObject({ text: "Cancelled", updates: 1 });
  });

  it("returns view_submission errors as JSON", async () => {
    const res = await double.sender(appUrl).viewSubmission({
      callbackId: "settings",
      values: { key_block: { key_input: "short" } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: "errors", errors: { key_block: "Too short" } });
  });

  it("acks events itself, and say() answers in the thread", async () => {
    const res = await double
      .sender(appUrl)
      .event({ type: "app_mention", ts: "1700000000.000100", retryNum: 1 });
    expect([res.status, res.body]).toEqual([200, ""]);
    const call = await double.waitForCall(
      "chat.postMessage",
      (c) => (c.body as { thread_ts?: string }).thread_ts === "1700000000.000100",
    );
    expect((call.body as { text: string }).text).toBe("hello from the bot");
  });

  it("answers url_verification (signed) and ssl_check (even unsigned)", async () => {
    const sender = double.sender(appUrl);
    const v = await sender.urlVerification("abc123");
    expect([v.status, v.json]).toEqual([200, { challenge: "abc123" }]);
    const s = await sender.sslCheck({ unsigned: true });
    expect(s.status).toBe(200);
  });

  it("stores byte-identical bytes from filesUploadV2", async () => {
    const bytes = randomBytes(300_000);
    const result = await app.client.filesUploadV2({
      channel_id: DEFAULT_CHANNEL_ID,
      file: bytes,
      filename: "fox.png",
      initial_comment: "here it is",
    });
    expect(result.ok).toBe(true);
    const upload = await double.waitForCall("upload");
    expect(upload.contentType).toMatch(/^multipart\/form-data/);
    const file = double.files().find((f) => f.filename === "fox.png");
    expect(file?.bytes.equals(bytes)).toBe(true);
    expect(file?.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(file).toMatchObject({ channel: DEFAULT_CHANNEL_ID, completed: true, title: "fox.png" });
    expect(double.messages({ channel: DEFAULT_CHANNEL_ID }).at(-1)?.files).toEqual([file?.id]);
  });

  it("makes WebClient wait out a 429 Retry-After and retry", async () => {
    double.fault({ method: "chat.postMessage", retryAfterSeconds: 1 });
    const started = Date.now();
    const res = await app.client.chat.postMessage({ channel: DEFAULT_CHANNEL_ID, text: "after the limit" });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const attempts = double.calls.filter((c) => (c.body as { text?: string }).text === "after the limit");
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });

  it("reports users.info admin flags and unknown users", async () => {
    const admin = await app.client.users.info({ user: "U0ADMIN" });
    const member = await app.client.users.info({ user: "U0MEMBER" });
    expect([admin.user?.is_admin, member.user?.is_admin, member.user?.is_owner]).toEqual([
      true,
      false,
      false,
    ]);
    await expect(app.client.users.info({ user: "U0NOPE" })).rejects.toMatchObject({
      data: { ok: false, error: "user_not_found" },
    });
  });

  it("rejects unknown tokens with invalid_auth", async () => {
    const client = new webApi.WebClient("xoxb-wrong", { slackApiUrl: double.apiUrl, retryConfig });
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: "invalid_auth" } });
  });
});

describe("slack double: Socket Mode and OAuth", () => {
  it("connects a Socket Mode App through apps.connections.open and gets the slash command ack", async () => {
    socketApp = new App({
      token: double.options.botToken,
      appToken: double.options.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: clientOptions(),
    });
    const seen: string[] = [];
    socketApp.command("/imagine", async ({ ack, command, client }) => {
      await ack();
      seen.push(command.text);
      await client.chat.postMessage({ channel: command.channel_id, text: `Socket: ${command.text}` });
    });
    await socketApp.start();
    await double.socket.waitForConnection();
    const open = await double.waitForCall("apps.connections.open");
    expect(open.token).toBe(double.options.appToken);
    const { body } = double.payloads.slashCommand({ command: "/imagine", text: "socket fox" });
    const ack = await double.socket.dispatch({ type: "slash_commands", payload: body });
    expect(ack.envelope_id).toMatch(/[0-9a-f-]{36}/);
    expect(ack.payload).toEqual({});
    await double.waitForCall(
      "chat.postMessage",
      (c) => (c.body as { text?: string }).text === "Socket: socket fox",
    );
    expect(seen).toEqual(["socket fox"]);
  });

  it("returns a Socket Mode ack payload (view_submission errors) in the ack frame", async () => {
    socketApp?.view("key_modal", async ({ ack }) => {
      await ack({ response_action: "errors", errors: { key_block: "Invalid key" } });
    });
    const { body } = double.payloads.viewSubmission({
      callbackId: "key_modal",
      values: { key_block: { k: "x" } },
    });
    const ack = await double.socket.dispatch({ type: "interactive", payload: body });
    expect(ack.payload).toEqual({ response_action: "errors", errors: { key_block: "Invalid key" } });
  });

  it("exchanges an install code via oauth.v2.access for a working bot token", async () => {
    const code = new URL(double.installUrl()).searchParams.get("code") ?? "";
    const noToken = new webApi.WebClient(undefined, { slackApiUrl: double.apiUrl, retryConfig });
    const { clientId, clientSecret } = double.options;
    const res = await noToken.oauth.v2.access({ client_id: clientId, client_secret: clientSecret, code });
    expect(res).toMatchObject({ ok: true, token_type: "bot", authed_user: { id: "U0ADMIN" } });
    const bot = new webApi.WebClient(res.access_token, { slackApiUrl: double.apiUrl, retryConfig });
    const who = await bot.auth.test();
    expect([who.team_id, who.user_id]).toEqual([res.team?.id, res.bot_user_id]);
    await expect(
      noToken.oauth.v2.access({ client_id: clientId, client_secret: clientSecret, code }),
    ).rejects.toMatchObject({ data: { error: "invalid_code" } });
  });

  it("completes Bolt's own install flow: /slack/install → authorize → /slack/oauth_redirect", async () => {
    const store = new MemoryInstallationStore();
    const oauthApp = new App({
      signingSecret: double.options.signingSecret,
      clientId: double.options.clientId,
      clientSecret: double.options.clientSecret,
      stateSecret: "state-secret",
      scopes: ["commands", "chat:write"],
      installationStore: store,
      logLevel: LogLevel.ERROR,
      installerOptions: { authorizationUrl: `${double.baseUrl}oauth/v2/authorize`, directInstall: true },
      clientOptions: clientOptions(),
    });
    oauthApp.command("/imagine", async ({ ack, client, command }) => {
      await ack();
      await client.chat.postMessage({ channel: command.channel_id, text: "from the new workspace" });
    });
    try {
      const server = (await oauthApp.start({ port: 0, host: "127.0.0.1" })) as Server;
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      double.options.redirectUri = `${base}/slack/oauth_redirect`; // the app's configured redirect URL
      const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
      const cookie = install.headers.get("set-cookie")?.split(";")[0] ?? "";
      const approve = await fetch(install.headers.get("location") ?? "", { redirect: "manual" });
      expect(approve.status).toBe(302);
      const callback = await fetch(approve.headers.get("location") ?? "", { headers: { cookie } });
      expect(callback.status).toBe(200);
      const team = double.options.teams.at(-1);
      const teamId = team?.id ?? "";
      const installation = await store.fetchInstallation({
        teamId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(installation.bot?.token).toBe(team?.botToken);
      // Requests from the new workspace now authorize through the installation store.
      const res = await double.sender(`${base}/slack/events`).slashCommand({ command: "/imagine", teamId });
      expect(res.status).toBe(200);
      const post = await double.waitForCall("chat.postMessage", (c) => c.team_id === teamId);
      expect(post.token).toBe(team?.botToken);
    } finally {
      await oauthApp.stop();
    }
  });
});
