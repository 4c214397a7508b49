import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PERMS,
  type DiscordStack,
  openSetupModal,
  startDiscordStack,
} from "../helpers/discord-stack.js";
import { type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

const GUILD = "230000000000000003";
const embedsOf = (m: { embeds: unknown[] }) => JSON.stringify(m.embeds);
const HINT = "THETA_SHARED_CREDENTIALS";

describe("tenant credential setup and the missing-credentials reply (Discord)", () => {
  let s: DiscordStack;
  beforeAll(async () => {
    // The operator has on-demand credentials in env but does not share them.
    s = await startDiscordStack({ THETA_SHARED_CREDENTIALS: "deny" }, { guilds: [GUILD] });
  });
  afterAll(() => s.close());
  const tenant = { platform: "discord" as const, id: GUILD };

  it("stores new credentials only after Theta accepted them: nothing is live during the probe", async () => {
    // The probe is slow: while it is in flight, the server has no credentials to use.
    s.theta.fault({ method: "POST", path: /input_presigned_urls/, latencyMs: 1500, times: 1 });
    await openSetupModal(s, "ondemand", { guildId: GUILD });
    const submit = await s.discord.modalSubmit({
      customId: "setup:ondemand",
      guildId: GUILD,
      memberPermissions: ADMIN_PERMS,
      fields: { token: s.theta.options.ondemandToken },
    });
    await s.discord.waitForCallback(submit.id);
    const probed = () => s.theta.requests.some((r) => r.path.endsWith("/input_presigned_urls"));
    for (let i = 0; i < 100 && !probed(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(probed()).toBe(true);
    expect(await s.app.tenantCredentials.families(tenant)).toEqual([]);
    await s.discord.waitForMessage(
      (m) => m.interactionId === submit.id && embedsOf(m).includes("Credentials saved"),
      10_000,
    );
    expect(await s.app.tenantCredentials.families(tenant)).toEqual(["ondemand"]);
    expect(await s.app.tenantCredentials.get(tenant, "ondemand")).toEqual({
      token: s.theta.options.ondemandToken,
    });

    // A refused replacement leaves the accepted set in place, untouched even during its probe.
    await openSetupModal(s, "ondemand", { guildId: GUILD });
    const wrong = await s.discord.modalSubmit({
      customId: "setup:ondemand",
      guildId: GUILD,
      memberPermissions: ADMIN_PERMS,
      fields: { token: "wrong-token-0000000000" },
    });
    await s.discord.waitForMessage(
      (m) => m.interactionId === wrong.id && embedsOf(m).includes("refused the credentials"),
    );
    expect(await s.app.tenantCredentials.get(tenant, "ondemand")).toEqual({
      token: s.theta.options.ondemandToken,
    });
    await s.app.tenantCredentials.clear(tenant);
  });

  it("tells only admins that the operator holds credentials it could share", async () => {
    const ask = async (perms: string) => {
      const cmd = await s.discord.slashCommand({
        name: "imagine",
        guildId: GUILD,
        memberPermissions: perms,
        options: [{ name: "prompt", type: 3, value: "a fox" }],
      });
      return s.discord.waitForMessage(
        (m) => m.interactionToken === cmd.token && embedsOf(m).includes("/theta setup"),
      );
    };
    const member = await ask("0");
    expect(embedsOf(member)).toContain("has no Theta ondemand credentials");
    expect(embedsOf(member)).not.toContain(HINT);
    expect(embedsOf(member)).not.toMatch(/operator/i);
    const admin = await ask(ADMIN_PERMS);
    expect(embedsOf(admin)).toContain(HINT);
    expect(embedsOf(admin)).not.toContain(s.theta.options.ondemandToken);
  });
});

describe("the missing-credentials reply (Slack)", () => {
  let s: SlackStack;
  beforeAll(async () => {
    s = await startSlackStack({ THETA_SHARED_CREDENTIALS: "deny" });
  });
  afterAll(() => s.close());

  it("tells only workspace admins that the operator holds credentials it could share", async () => {
    const ask = async (userId: string) => {
      const res = await s.slack
        .sender(s.eventsUrl)
        .slashCommand({ command: "/imagine", text: "a fox", userId });
      const call = await s.slack.waitForCall("response_url", (c) => c.target === res.responseUrlId, 10_000);
      return JSON.stringify(call.body);
    };
    const member = await ask("U0MEMBER");
    expect(member).toContain("has no Theta ondemand credentials");
    expect(member).not.toContain(HINT);
    const admin = await ask("U0ADMIN");
    expect(admin).toContain(HINT);
  });
});
