import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { StateStore } from "../../src/core/store/index.js";
import {
  ADMIN_PERMS,
  buttonId,
  type DiscordStack,
  ENCRYPTION_KEY,
  openSetupModal,
  startDiscordStack,
} from "../helpers/discord-stack.js";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

/**
 * The end-to-end flows at LOG_LEVEL=trace (a paid /imagine confirmed through delivery, a failing
 * one, credential setup, a question), on Discord and on Slack, with every known secret collected:
 * configured tokens and keys, the interaction tokens and response_urls the doubles issued, the
 * tenant credential values. None may appear in the logs (the app's and the libraries' console
 * output), the chat messages the bot posted, the job data, or anything else in the store.
 */
const consoleOut: string[] = [];
const TENANT_VIDEO_SECRET = "tenant-video-secret-Zq81LmN04xYt";

function captureConsole(): void {
  for (const m of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      consoleOut.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" "),
      );
    });
  }
}

async function dumpStore(store: StateStore): Promise<string> {
  const out: string[] = [];
  for (const k of await store.keys("", 100_000)) {
    out.push(k);
    const v = await store.get(k).catch(() => null);
    if (v !== null) out.push(v);
    else out.push(JSON.stringify(await store.hgetall(k).catch(() => ({}))));
  }
  return out.join("\n");
}

/** The secret values that occur in `haystack` (by a label, never printing the value itself). */
function leaks(secrets: Map<string, string>, haystack: string): string[] {
  return [...secrets].filter(([, v]) => haystack.includes(v)).map(([label]) => label);
}

const text = (v: unknown) => JSON.stringify(v);

describe("no secret reaches logs, chat, job data or the store (Discord)", () => {
  let s: DiscordStack;
  const secrets = new Map<string, string>();
  beforeAll(async () => {
    captureConsole();
    s = await startDiscordStack({ LOG_LEVEL: "trace" }, { logLevel: "trace" });
    secrets.set("DISCORD_TOKEN", s.discord.options.token);
    secrets.set("BOT_ENCRYPTION_KEY", ENCRYPTION_KEY);
    secrets.set("THETA_EC_API_KEY", s.theta.options.apiKey);
    secrets.set("THETA_ONDEMAND_API_TOKEN", s.theta.options.ondemandToken);
    secrets.set("THETA_VIDEO_SA_SECRET", s.theta.options.videoSaSecret);
    secrets.set("tenant video secret", TENANT_VIDEO_SECRET);
  });
  afterAll(async () => {
    await s.close();
    vi.restoreAllMocks();
  });

  it("runs setup, a paid /imagine, a failing one and a question without leaking", async () => {
    const token = (h: { id: string; token: string }) => {
      secrets.set(`interaction token ${h.id}`, h.token);
      return h;
    };
    // Credential setup (an admin's modal; the value is probed and refused, then a good one kept).
    await openSetupModal(s, "video");
    const setup = token(
      await s.discord.modalSubmit({
        customId: "setup:video",
        memberPermissions: ADMIN_PERMS,
        fields: { saId: "srvacc_tenant0000000000000", saSecret: TENANT_VIDEO_SECRET },
      }),
    );
    await s.discord.waitForMessage((m) => m.interactionId === setup.id && m.embeds.length > 0, 10_000);

    // A paid /imagine, confirmed, delivered.
    const cmd = token(
      await s.discord.slashCommand({
        name: "imagine",
        options: [{ name: "prompt", type: 3, value: "a quiet fox" }],
      }),
    );
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
    );
    token(await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id }));
    await s.discord.waitForMessage(
      (m) => m.attachments.length > 0 && text(m.embeds).includes("a quiet fox"),
      20_000,
    );

    // A failing one: Theta refuses the job and Discord refuses the first edit of the reply.
    s.theta.setInferOutcome("flux", { state: "error", message: "GPU fell over" });
    const bad = token(
      await s.discord.slashCommand({
        name: "imagine",
        options: [{ name: "prompt", type: 3, value: "a broken fox" }],
      }),
    );
    const badCard = await s.discord.waitForMessage(
      (m) => m.interactionToken === bad.token && buttonId(m, "act:confirm:") !== undefined,
      15_000,
    );
    // (404 is not retried: discord.js throws with the webhook URL, which carries the token.)
    s.discord.fault({
      method: "PATCH",
      path: /^\/webhooks\//,
      status: 404,
      body: { code: 10015, message: "Unknown Webhook" },
      times: 1,
    });
    token(await s.discord.button({ customId: buttonId(badCard, "act:confirm:")!, messageId: badCard.id }));
    await s.discord.waitForMessage((m) => text(m.embeds).includes("GPU fell over"), 20_000);
    s.theta.reset();
    s.discord.clearFaults();

    // A question.
    const ask = token(
      await s.discord.slashCommand({
        name: "ask",
        options: [{ name: "question", type: 3, value: "How do I set up my keys for the bot?" }],
      }),
    );
    await s.discord.waitForMessage(
      (m) => m.author.bot && m.content.includes("Sources") && !m.content.endsWith("▌"),
      20_000,
    );
    expect(secrets.size).toBeGreaterThan(8);

    // The bot's own writings: what it posted (content, embeds, components, files' names) and callbacks.
    const posted = s.discord
      .messages({ includeDeleted: true })
      .map((m) => text({ content: m.content, embeds: m.embeds, components: m.components, edits: m.edits }));
    const logs = s.logs.text();
    // The failure was logged (with the error Discord answered), so the check below covers error logs.
    expect(logs).toMatch(/Unknown Webhook/);
    expect(leaks(secrets, logs)).toEqual([]);
    expect(leaks(secrets, consoleOut.join("\n"))).toEqual([]);
    expect(leaks(secrets, posted.join("\n"))).toEqual([]);
    expect(leaks(secrets, await dumpStore(s.app.store))).toEqual([]);
    void ask;
  }, 90_000);
});

describe("no secret reaches logs, chat, job data or the store (Slack)", () => {
  let s: SlackStack;
  const secrets = new Map<string, string>();
  beforeAll(async () => {
    captureConsole();
    s = await startSlackStack({ LOG_LEVEL: "trace" }, { logLevel: "trace" });
    secrets.set("SLACK_BOT_TOKEN", s.slack.options.botToken);
    secrets.set("SLACK_SIGNING_SECRET", s.slack.options.signingSecret);
    secrets.set("BOT_ENCRYPTION_KEY", ENCRYPTION_KEY);
    secrets.set("THETA_EC_API_KEY", s.theta.options.apiKey);
    secrets.set("THETA_ONDEMAND_API_TOKEN", s.theta.options.ondemandToken);
    secrets.set("THETA_VIDEO_SA_SECRET", s.theta.options.videoSaSecret);
    secrets.set("tenant video secret", TENANT_VIDEO_SECRET);
  });
  afterAll(async () => {
    await s.close();
    vi.restoreAllMocks();
  });

  it("runs setup, a paid /imagine, a failing one and a question without leaking", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const url = <T extends { responseUrl?: string; responseUrlId?: string }>(r: T) => {
      if (r.responseUrl) secrets.set(`response_url ${r.responseUrlId}`, r.responseUrl);
      if (r.responseUrlId) secrets.set(`response_url id ${r.responseUrlId}`, r.responseUrlId);
      return r;
    };
    await sender.viewSubmission({
      callbackId: "setup",
      privateMetadata: "video",
      userId: "U0ADMIN",
      values: { saId: { value: "srvacc_tenant0000000000000" }, saSecret: { value: TENANT_VIDEO_SECRET } },
    });
    await s.slack.waitForCall("chat.postMessage", (c) => text(c.body).includes("Theta"), 10_000);

    const quote = url(await sender.slashCommand({ command: "/imagine", text: "a quiet fox" }));
    const q = await s.slack.waitForCall("response_url", (c) => c.target === quote.responseUrlId, 10_000);
    url(await sender.blockAction({ actionId: "act_confirm", value: buttonValue(q.body, "act_confirm")! }));
    await s.slack.waitForCall("files.completeUploadExternal", undefined, 20_000);

    s.theta.setInferOutcome("flux", { state: "error", message: "GPU fell over" });
    // The first response_url post of the failing one is refused (the error is logged).
    s.slack.fault({ method: "response_url", status: 404, error: "expired_url", times: 1 });
    const bad = url(await sender.slashCommand({ command: "/imagine", text: "a broken fox" }));
    const b = await s.slack.waitForCall("response_url", (c) => c.target === bad.responseUrlId, 10_000);
    url(await sender.blockAction({ actionId: "act_confirm", value: buttonValue(b.body, "act_confirm")! }));
    await s.slack.waitForCall("chat.update", (c) => text(c.body).includes("GPU fell over"), 20_000);
    s.theta.reset();

    url(await sender.slashCommand({ command: "/ask", text: "How do I set up my keys for the bot?" }));
    await s.slack.waitForCall("chat.update", (c) => text(c.body).includes("Sources"), 20_000);

    const posted = [
      ...s.slack.messages({ includeDeleted: true }).map((m) => text(m)),
      ...s.slack.responses().map((r) => text(r)),
    ];
    const logs = s.logs.text();
    expect(logs).toMatch(/"level":(10|20)/);
    expect(leaks(secrets, logs)).toEqual([]);
    expect(leaks(secrets, consoleOut.join("\n"))).toEqual([]);
    expect(leaks(secrets, posted.join("\n"))).toEqual([]);
    expect(leaks(secrets, await dumpStore(s.app.store))).toEqual([]);
  }, 90_000);
});
