// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployCommands } from "../../src/adapters/discord/deploy-commands.js";
import { ADMIN_PERMS, buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

let s: DiscordStack;
beforeAll(async () => {
  s = await startDiscordStack();
});
afterAll(() => s.close());
beforeEach(() => s.theta.reset());

const embedsOf = (m: { embeds: unknown[]; content?: string }) => JSON.stringify(m.embeds) + (m.content ?? "");
const theta = (options: unknown[], extra: Record<string, unknown> = {}) =>
  s.discord.slashCommand({ name: "theta", options: options as never, ...extra });

describe("Discord commands", () => {
  it("deploy-commands registers every command (guild scope) through the REST API", async () => {
    const env = {
      DISCORD_TOKEN: s.discord.options.token,
      DISCORD_APPLICATION_ID: s.discord.options.applicationId,
      DISCORD_API_URL: s.discord.restUrl,
    };
    const msg = await deployCommands(["--guild", "200000000000000001"], env);
    expect(msg).toMatch(/Registered \d+ commands in server/);
    const names = (
      s.discord.registeredCommands({ guildId: "200000000000000001" }) as Array<{ name: string }>
    ).map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "imagine",
        "video",
        "ask",
        "theta",
        "upscale",
        "caption",
        "transcribe",
        "detect",
      ]),
    );
    await expect(deployCommands(["--guild", "nope"], env)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("model autocomplete lists live text-to-image services", async () => {
    const h = await s.discord.autocomplete({
      name: "imagine",
      options: [
        { name: "prompt", type: 3, value: "x" },
        { name: "model", type: 3, value: "st", focused: true },
      ],
    });
    const cb = await s.discord.waitForCallback(h.id);
    expect(cb.type).toBe(8);
    const choices = (cb.data as { choices: Array<{ value: string }> }).choices.map((c) => c.value);
    expect(choices).toContain("stable_diffusion_xl_turbo");
    expect(choices).not.toContain("flux");
  });

  it("a model that is not live is refused with the list of live ones", async () => {
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [
        { name: "prompt", type: 3, value: "x" },
        { name: "model", type: 3, value: "instant_id" },
      ],
    });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("not a live image service"),
    );
    expect(embedsOf(m)).toContain("flux");
  });

  it("under the server's confirmation threshold a paid action runs without asking", async () => {
    const set = await theta(
      [{ name: "policy", type: 1, options: [{ name: "confirm_threshold", type: 10, value: 0.05 }] }],
      { memberPermissions: ADMIN_PERMS },
    );
    await s.discord.waitForMessage((x) => x.interactionToken === set.token && embedsOf(x).includes("$0.05"));
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "auto approved" }],
    });
    await s.discord.waitForMessage(
      (m) => m.attachments.length > 0 && embedsOf(m).includes("auto approved"),
      15_000,
    );
    expect(s.discord.messages({ interactionToken: cmd.token }).some((m) => buttonId(m, "act:confirm:"))).toBe(
      false,
    );
    const reset = await theta(
      [{ name: "policy", type: 1, options: [{ name: "confirm_threshold", type: 10, value: 0 }] }],
      { memberPermissions: ADMIN_PERMS },
    );
    await s.discord.waitForMessage(
      (x) => x.interactionToken === reset.token && embedsOf(x).includes("Spending policy"),
    );
  });

  it("a member cannot change the policy; a daily cap stops spending before the confirmation", async () => {
    const member = await theta([
      { name: "policy", type: 1, options: [{ name: "user_daily_cap", type: 10, value: 0.001 }] },
    ]);
    await s.discord.waitForMessage(
      (x) => x.interactionToken === member.token && embedsOf(x).includes("Manage Server"),
    );
    const admin = await theta(
      [{ name: "policy", type: 1, options: [{ name: "user_daily_cap", type: 10, value: 0.001 }] }],
      { memberPermissions: ADMIN_PERMS },
    );
    await s.discord.waitForMessage(
      (x) => x.interactionToken === admin.token && embedsOf(x).includes("Per-member daily cap: $0.00"),
    );
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "too expensive" }],
    });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("budget"),
    );
    expect(embedsOf(m)).toMatch(/resets at 00:00 UTC/);
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
    const lift = await theta(
      [{ name: "policy", type: 1, options: [{ name: "user_daily_cap", type: 10, value: 0 }] }],
      { memberPermissions: ADMIN_PERMS },
    );
    await s.discord.waitForMessage(
      (x) => x.interactionToken === lift.token && embedsOf(x).includes("Per-member daily cap: none"),
    );
  });

  it("/caption uploads the attachment through the presigned flow and posts the caption", async () => {
    const file = s.discord.hostFile("cat.png", Buffer.from("pretend png bytes"), "image/png");
    const cmd = await s.discord.slashCommand({
      name: "caption",
      options: [{ name: "image", type: 11, value: file.id }],
      attachments: { [file.id]: file },
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
    );
    await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id });
    await s.discord.waitForMessage((m) => embedsOf(m).includes("✅ Caption"), 15_000);
    expect(s.theta.requests.find((r) => r.method === "PUT")?.body).toEqual({ bytes: 17 });
  });

  it("Reroll on an image result starts a new confirmed job with the same prompt", async () => {
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "reroll me" }],
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
    );
    await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id });
    const result = await s.discord.waitForMessage(
      (m) => m.attachments.length > 0 && embedsOf(m).includes("reroll me"),
      15_000,
    );
    const reroll = await s.discord.button({
      customId: buttonId(result, "img:reroll:")!,
      messageId: result.id,
    });
    const card2 = await s.discord.waitForMessage(
      (m) => m.interactionId === reroll.id && buttonId(m, "act:confirm:") !== undefined,
    );
    await s.discord.button({ customId: buttonId(card2, "act:confirm:")!, messageId: card2.id });
    await s.discord.waitForMessage(
      (m) => m.attachments.length > 0 && m.id !== result.id && embedsOf(m).includes("reroll me"),
      15_000,
    );
    const prompts = s.theta.requests
      .filter((r) => r.method === "POST" && r.path === "/ondemand/infer_request/flux")
      .map((r) => (r.body as { input: { prompt: string } }).input.prompt);
    expect(prompts).toEqual(["reroll me", "reroll me"]);
  });
});
