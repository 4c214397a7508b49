// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PERMS, buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

const GUILD_A = "210000000000000001";
const GUILD_B = "220000000000000002";
const embedsOf = (m: { embeds: unknown[] }) => JSON.stringify(m.embeds);

describe("per-server credentials (no shared operator credentials)", () => {
  let s: DiscordStack;
  beforeAll(async () => {
    s = await startDiscordStack(
      { THETA_SHARED_CREDENTIALS: "deny", THETA_ONDEMAND_API_TOKEN: undefined },
      { guilds: [GUILD_A, GUILD_B] },
    );
  });
  afterAll(() => s.close());

  const setup = (guildId: string, perms: string) =>
    s.discord.slashCommand({
      name: "theta",
      guildId,
      channelId: guildId === GUILD_A ? "300000000000000001" : "300000000000000002",
      memberPermissions: perms,
      options: [{ name: "setup", type: 1, options: [{ name: "family", type: 3, value: "ondemand" }] }],
    });

  it("a member without Manage Server cannot open setup, nor submit the modal", async () => {
    const cmd = await setup(GUILD_A, "0");
    const cb = await s.discord.waitForCallback(cmd.id);
    expect(cb.type).toBe(4);
    expect(JSON.stringify(cb.data)).toContain("Manage Server");
    const forged = await s.discord.modalSubmit({
      customId: "setup:ondemand",
      guildId: GUILD_A,
      fields: { token: "stolen" },
    });
    await s.discord.waitForMessage(
      (m) => m.interactionId === forged.id && embedsOf(m).includes("Manage Server"),
    );
    expect(await s.app.tenantCredentials.families({ platform: "discord", id: GUILD_A })).toEqual([]);
  });

  it("an admin's modal is probed against Theta, stored encrypted and never echoed", async () => {
    const cmd = await setup(GUILD_A, ADMIN_PERMS);
    expect((await s.discord.waitForCallback(cmd.id)).type).toBe(9);
    const token = s.theta.options.ondemandToken;
    const submit = await s.discord.modalSubmit({
      customId: "setup:ondemand",
      guildId: GUILD_A,
      memberPermissions: ADMIN_PERMS,
      fields: { token },
    });
    const reply = await s.discord.waitForMessage(
      (m) => m.interactionId === submit.id && embedsOf(m).includes("Credentials saved"),
    );
    expect(embedsOf(reply)).not.toContain(token);
    const stored = await s.app.store.keys("creds:", 100);
    expect(stored).toContain(`creds:discord:${GUILD_A}:ondemand`);
    expect(await s.app.store.get(`creds:discord:${GUILD_A}:ondemand`)).not.toContain(token);
    expect(s.logs.text()).not.toContain(token);
  });

  it("a wrong token is refused by the probe and not stored", async () => {
    const submit = await s.discord.modalSubmit({
      customId: "setup:ondemand",
      guildId: GUILD_B,
      channelId: "300000000000000002",
      memberPermissions: ADMIN_PERMS,
      fields: { token: "wrong-token-0000000000" },
    });
    await s.discord.waitForMessage(
      (m) => m.interactionId === submit.id && embedsOf(m).includes("refused the credentials"),
    );
    expect(await s.app.tenantCredentials.families({ platform: "discord", id: GUILD_B })).toEqual([]);
  });

  it("guild B never uses guild A's credentials: its /imagine asks for its own setup and sends nothing", async () => {
    const before = s.theta.count("POST", /infer_request/);
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      guildId: GUILD_B,
      channelId: "300000000000000002",
      options: [{ name: "prompt", type: 3, value: "b's fox" }],
    });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("/theta setup"),
    );
    expect(embedsOf(m)).toMatch(/no Theta ondemand credentials/);
    expect(s.theta.count("POST", /infer_request/)).toBe(before);
  });

  it("guild A's /imagine runs with guild A's token", async () => {
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      guildId: GUILD_A,
      options: [{ name: "prompt", type: 3, value: "a's fox" }],
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
    );
    await s.discord.button({
      customId: buttonId(card, "act:confirm:")!,
      messageId: card.id,
      guildId: GUILD_A,
    });
    await s.discord.waitForMessage((m) => m.attachments.length > 0, 15_000);
    const post = s.theta.requests.find(
      (r) => r.method === "POST" && r.path === "/ondemand/infer_request/flux",
    )!;
    expect(post.headers.authorization).toBe(`Bearer ${s.theta.options.ondemandToken}`);
  });

  it("credentials status lists families without values; clear needs Manage Server", async () => {
    const st = await s.discord.slashCommand({
      name: "theta",
      guildId: GUILD_A,
      options: [{ name: "credentials", type: 2, options: [{ name: "status", type: 1 }] }],
    });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === st.token && embedsOf(x).includes("ondemand"),
    );
    expect(embedsOf(m)).toContain("set for this server");
    expect(embedsOf(m)).not.toContain(s.theta.options.ondemandToken);
    const clr = await s.discord.slashCommand({
      name: "theta",
      guildId: GUILD_A,
      options: [{ name: "credentials", type: 2, options: [{ name: "clear", type: 1 }] }],
    });
    await s.discord.waitForMessage(
      (x) => x.interactionToken === clr.token && embedsOf(x).includes("Manage Server"),
    );
    expect(await s.app.tenantCredentials.families({ platform: "discord", id: GUILD_A })).toEqual([
      "ondemand",
    ]);
  });
});

describe("dry run on Discord", () => {
  let s: DiscordStack;
  beforeAll(async () => {
    s = await startDiscordStack({ THETA_DRY_RUN: "1" });
  });
  afterAll(() => s.close());

  it("/imagine shows the request preview and sends nothing to Theta", async () => {
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "preview fox" }],
    });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("Dry run"),
    );
    expect(embedsOf(m)).toContain("/infer_request/flux");
    expect(embedsOf(m)).toContain("preview fox");
    expect(embedsOf(m)).not.toContain(s.theta.options.ondemandToken);
    expect(s.theta.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});
