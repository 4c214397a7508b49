// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

const CHANNEL = "300000000000000001";

describe("Discord Q&A follow-ups with the Message Content intent", () => {
  let s: DiscordStack;
  beforeAll(async () => {
    s = await startDiscordStack(
      { THETA_INFERENCE_ENDPOINT: undefined, DISCORD_MESSAGE_CONTENT: "on", QA_STREAM_EDIT_MS: "200" },
      { privilegedIntents: ["MessageContent"] },
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  it("a plain reply in the bot's thread is a follow-up; a plain message elsewhere is left alone", async () => {
    const cmd = await s.discord.slashCommand({
      name: "ask",
      channelId: CHANNEL,
      options: [{ name: "question", type: 3, value: "How do I set up my keys for the bot?" }],
    });
    const first = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "qa:human:") !== undefined,
      15_000,
    );
    const hint = await s.discord.waitForMessage(
      (m) => m.channelId === first.threadId && m.content.startsWith("Follow-ups:"),
    );
    expect(hint.content).toContain("write your next question");
    await s.discord.userMessage({ channelId: first.threadId!, content: "How do I check that it works?" });
    const follow = await s.discord.waitForMessage(
      (m) => m.channelId === first.threadId && m.author.bot && buttonId(m, "qa:human:") !== undefined,
      15_000,
    );
    expect(follow.content).toContain('Following up on "How do I set up my keys for the bot?"');

    const chats = s.theta.count("POST", /chat\/completions/);
    await s.discord.userMessage({
      channelId: CHANNEL,
      content: "just chatting in general, how do I set up keys",
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.theta.count("POST", /chat\/completions/)).toBe(chats);
  });
});

describe("DISCORD_MESSAGE_CONTENT without the intent enabled", () => {
  it("stops the start with a message that says where to enable it", async () => {
    await expect(startDiscordStack({ DISCORD_MESSAGE_CONTENT: "on" })).rejects.toMatchObject({
      code: "DISCORD_INTENT_DISALLOWED",
      message: expect.stringContaining("Privileged Gateway Intents"),
    });
  });
});
