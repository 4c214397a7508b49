import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_FOUND } from "../../src/core/qa/service.js";
import type { StoredMessage } from "../doubles/discord/types.js";
import { buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

const CHANNEL = "300000000000000001";
const BOT = "100000000000000001";

let s: DiscordStack;
beforeAll(async () => {
  s = await startDiscordStack(
    { THETA_INFERENCE_ENDPOINT: undefined, QA_STREAM_EDIT_MS: "300", QA_USER_PER_MINUTE: "100" },
    { inferTiming: { pendingMs: 20, processingMs: 200 } },
  );
});
afterAll(async () => {
  await s?.close();
});

const ask = (question: string) =>
  s.discord.slashCommand({
    name: "ask",
    channelId: CHANNEL,
    options: [{ name: "question", type: 3, value: question }],
  });
const finalAnswer = (token: string): Promise<StoredMessage> =>
  s.discord.waitForMessage(
    (m) => m.interactionToken === token && buttonId(m, "qa:human:") !== undefined,
    15_000,
  );

describe("Discord Q&A on the Theta EdgeCloud knowledge pack", () => {
  it("a chat-style quota question is answered from the Theta quotas page, linked to its source", async () => {
    const m = await finalAnswer((await ask("how do i get more gpu quota?? it says zero for my org")).token);
    expect(m.content).toContain("**Sources**");
    expect(m.content).toContain(
      "[Theta EdgeCloud quotas and the Developer Plan › Machine quotas for dedicated deployments](<https://www.thetaedgecloud.com/>)",
    );
    expect(m.content).toMatch(/Increase Quota|quota/i);
  });

  it("a Chinese or Spanish question on a documented topic is answered from the right page or honestly refused", async () => {
    for (const [q, page] of [
      ["专用端点预热要多久?", "Theta EdgeCloud dedicated deployments and endpoints"],
      ["¿cómo creo una clave api para mi proyecto?", "Theta EdgeCloud keys and credentials"],
    ] as const) {
      const m = await finalAnswer((await ask(q)).token);
      if (m.content.startsWith(NOT_FOUND)) {
        expect(buttonId(m, "qa:up:")).toBeUndefined();
      } else {
        expect(m.content).toMatch(new RegExp(`\\*\\*Sources\\*\\*\\n\\[\\d\\] \\[${page} ›`));
      }
      expect(m.content).not.toContain("NOT_IN_PASSAGES");
    }
  });

  it("a Spanish question whose words match no page as asked is answered through the model's English", async () => {
    const m = await finalAnswer((await ask("¿por qué el bot no contesta nunca?")).token);
    expect(m.content).toMatch(/\*\*Sources\*\*\n\[1\] Troubleshooting › The bot does not answer at all$/);
    expect(m.content).not.toContain(NOT_FOUND);
  });

  it("a follow-up in the thread retrieves the section the thread is about", async () => {
    const first = await finalAnswer((await ask("where do i create the on-demand access token?")).token);
    // The Theta pack's keys page and the bot's setup page both say where it is made.
    const TOKEN_SECTION = /Where the on-demand access token is made|Get an on-demand access token/;
    expect(first.content).toMatch(TOKEN_SECTION);
    const thread = first.threadId!;
    await s.discord.userMessage({
      channelId: thread,
      content: `<@${BOT}> and does one of them work for every model?`,
    });
    const follow = await s.discord.waitForMessage(
      (m) => m.channelId === thread && m.author.bot && buttonId(m, "qa:human:") !== undefined,
      15_000,
    );
    expect(follow.content).toMatch(TOKEN_SECTION);
    expect(follow.content).toMatch(/One token works for every on-demand model/);
  });
});
