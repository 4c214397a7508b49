// @ts-nocheck
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PNG } from "../doubles/theta/index.js";
import { buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

let s: DiscordStack;
beforeAll(async () => {
  s = await startDiscordStack();
});
afterAll(() => s.close());
beforeEach(() => s.theta.reset());

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const imagine = (prompt = "a red fox", extra: Record<string, unknown> = {}) =>
  s.discord.slashCommand({
    name: "imagine",
    options: [{ name: "prompt", type: 3, value: prompt }],
    ...extra,
  });

async function confirmCard(interactionToken: string) {
  return s.discord.waitForMessage(
    (m) => m.interactionToken === interactionToken && buttonId(m, "act:confirm:") !== undefined,
  );
}

describe("/imagine on Discord", () => {
  it("defers, quotes, and after Confirm posts the Theta double's PNG byte-identical", async () => {
    const cmd = await imagine();
    const cb = await s.discord.waitForCallback(cmd.id);
    expect(cb.type).toBe(5); // deferred, before any Theta call
    const card = await confirmCard(cmd.token);
    expect(JSON.stringify(card.embeds)).toMatch(/\$0\.01 per image/);
    expect(card.flags & 64).toBe(64); // ephemeral
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
    const click = await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id });
    expect((await s.discord.waitForCallback(click.id)).type).toBe(6);
    const result = await s.discord.waitForMessage((m) => m.attachments.length > 0, 15_000);
    expect(sha(result.attachments[0]!.data)).toBe(sha(PNG));
    expect(JSON.stringify(result.components)).toMatch(/img:reroll:/);
    expect(s.theta.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a double-clicked Confirm runs one job", async () => {
    const cmd = await imagine("double click");
    const card = await confirmCard(cmd.token);
    const id = buttonId(card, "act:confirm:")!;
    const [a, b] = await Promise.all([
      s.discord.button({ customId: id, messageId: card.id }),
      s.discord.button({ customId: id, messageId: card.id }),
    ]);
    await s.discord.waitForCallback(a.id);
    await s.discord.waitForCallback(b.id);
    await s.discord.waitForMessage(
      (m) => m.attachments.length > 0 && JSON.stringify(m.embeds).includes("double click"),
      15_000,
    );
    expect(s.theta.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("only the requester can confirm", async () => {
    const cmd = await imagine("not yours");
    const card = await confirmCard(cmd.token);
    const other = await s.discord.button({
      customId: buttonId(card, "act:confirm:")!,
      messageId: card.id,
      user: { id: "499999999999999999" },
    });
    await s.discord.waitForCallback(other.id);
    const err = await s.discord.waitForMessage(
      (m) => m.interactionId === other.id && JSON.stringify(m.embeds).includes("Only the person who asked"),
    );
    expect(err.flags & 64).toBe(64);
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
  });

  it("a duplicated interaction runs once", async () => {
    const cmd = await imagine("replayed");
    await s.discord.waitForCallback(cmd.id);
    await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "replayed" }],
      id: cmd.id,
    });
    await confirmCard(cmd.token);
    await new Promise((r) => setTimeout(r, 300));
    const cards = s.discord
      .messages({ interactionToken: cmd.token })
      .filter((m) => buttonId(m, "act:confirm:"));
    expect(cards).toHaveLength(1);
  });
});
