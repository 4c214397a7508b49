// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";
import { type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Discord: the same interaction delivered twice runs its handler once", () => {
  let s: DiscordStack;
  beforeAll(async () => {
    s = await startDiscordStack();
  });
  afterAll(() => s.close());

  it("a gateway redelivery of /imagine acknowledges once and quotes once", async () => {
    const first = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "delivered twice" }],
    });
    // The same INTERACTION_CREATE again (as after a RESUME replay), before the bot has answered.
    await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "delivered twice" }],
      id: first.id,
    });
    await s.discord.waitForCallback(first.id);
    await s.discord.waitForMessage((m) => m.interactionToken === first.token && m.components.length > 0);
    await pause(400);
    const callbacks = s.discord.calls.filter(
      (c) => c.method === "POST" && c.path.startsWith(`/interactions/${first.id}/`),
    );
    expect(callbacks).toHaveLength(1);
    const edits = s.discord.calls.filter(
      (c) => c.method === "PATCH" && c.path.includes(`/${first.token}/messages/@original`),
    );
    expect(edits).toHaveLength(1);
  });
});

describe("Slack: a retried slash command runs its handler once", () => {
  let s: SlackStack;
  beforeAll(async () => {
    s = await startSlackStack();
  });
  afterAll(() => s.close());

  it("Slack's retry of the same trigger_id is acked and produces one quote", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const first = await sender.slashCommand({ command: "/imagine", text: "retried fox" });
    expect(first.status).toBe(200);
    const body = new URLSearchParams(
      Object.entries(first.payload).map(([k, v]) => [k, String(v)] as [string, string]),
    ).toString();
    const again = await sender.raw(body, "application/x-www-form-urlencoded", { retryNum: 1 });
    expect(again.status).toBe(200);
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("retried fox"));
    await pause(400);
    const quotes = s.slack.calls.filter(
      (c) => c.method === "response_url" && JSON.stringify(c.body).includes("act_confirm"),
    );
    expect(quotes).toHaveLength(1);
  });
});
