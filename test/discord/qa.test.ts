import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updatePolicy } from "../../src/core/policy/index.js";
import { NOT_FOUND } from "../../src/core/qa/service.js";
import type { StoredMessage } from "../doubles/discord/types.js";
import { ADMIN_PERMS, buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

const GUILD = "200000000000000001";
const CHANNEL = "300000000000000001";
const BOT = "100000000000000001";
const SUPPORT = "300000000000000009";

let s: DiscordStack;

beforeAll(async () => {
  s = await startDiscordStack(
    { THETA_INFERENCE_ENDPOINT: undefined, QA_STREAM_EDIT_MS: "300", QA_USER_PER_MINUTE: "100" },
    { inferTiming: { pendingMs: 20, processingMs: 1200 }, channels: [SUPPORT] },
  );
});
afterAll(async () => {
  await s?.close();
});

const kb = (sub: string, options: unknown[], extra: Record<string, unknown> = {}) =>
  s.discord.slashCommand({
    name: "theta",
    channelId: CHANNEL,
    options: [{ name: "kb", type: 2, options: [{ name: sub, type: 1, options }] }] as never,
    ...extra,
  });
const embedText = (m: StoredMessage) => JSON.stringify(m.embeds);

const ask = (question: string, extra: Record<string, unknown> = {}) =>
  s.discord.slashCommand({
    name: "ask",
    channelId: CHANNEL,
    options: [{ name: "question", type: 3, value: question }],
    ...extra,
  });

/** The interaction's answer once it is final (it carries the Ask a human button). */
const finalAnswer = (token: string): Promise<StoredMessage> =>
  s.discord.waitForMessage(
    (m) => m.interactionToken === token && buttonId(m, "qa:human:") !== undefined,
    15_000,
  );

describe("Discord support Q&A", () => {
  it("/ask answers a setup question with its source, in a thread, streaming edits no faster than the throttle", async () => {
    const cmd = await ask("How do I set up my keys for the bot?");
    const m = await finalAnswer(cmd.token);
    expect(m.content).toMatch(/runs \/theta setup with the family.*\[1\]/);
    expect(m.content).toContain(
      "**Sources**\n[1] Setting up theta-bot › Add the keys to your server or workspace",
    );
    expect(buttonId(m, "qa:up:")).toBeDefined();
    expect(buttonId(m, "qa:down:")).toBeDefined();
    // The answer message started a thread for follow-ups (thread id = message id).
    expect(m.threadId).toBe(m.id);
    // Streaming: partial answers were shown (with a cursor), and edits were at least 300 ms apart.
    const shown = m.edits.filter((e) => e.content.endsWith("▌"));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (let n = 1; n < m.edits.length; n++) {
      // 300 ms apart when sent; arrival can bunch by a few tens of ms on a loaded machine.
      expect(m.edits[n]!.at - m.edits[n - 1]!.at).toBeGreaterThanOrEqual(240);
    }
  });

  it("follow-ups in the thread keep its context; a new /ask elsewhere does not see it", async () => {
    const first = await finalAnswer((await ask("How do I set up my keys for the bot?")).token);
    const thread = first.threadId!;
    await s.discord.userMessage({ channelId: thread, content: `<@${BOT}> How do I check that it works?` });
    const follow = await s.discord.waitForMessage(
      (m) => m.channelId === thread && m.author.bot && buttonId(m, "qa:human:") !== undefined,
      15_000,
    );
    expect(follow.content).toContain('Following up on "How do I set up my keys for the bot?"');
    const other = await finalAnswer((await ask("How do I check that it works?")).token);
    expect(other.content).not.toContain("Following up");
  });

  it("a mention in a channel starts a thread on the question and answers there", async () => {
    const q = await s.discord.userMessage({
      channelId: CHANNEL,
      content: `<@${BOT}> how do I cancel a job?`,
    });
    const answer = await s.discord.waitForMessage(
      (m) => m.channelId === q.id && m.author.bot && buttonId(m, "qa:human:") !== undefined,
      15_000,
    );
    expect(answer.content).toContain("Sources");
    expect(answer.content).toMatch(/cancel/i);
  });

  it("a question the docs only brush against gets the not-found reply with the closest topics to read", async () => {
    const cmd = await ask("can the dry run preview be exported to a spreadsheet for our finance team");
    const m = await finalAnswer(cmd.token);
    expect(m.content.startsWith(`${NOT_FOUND}\n\n**Closest topics in the docs**\n`)).toBe(true);
    expect(m.content).toContain("• Spending, confirmations and budgets › Dry run");
    // Places to look, not sources: no rating buttons, as for any "not found".
    expect(buttonId(m, "qa:up:")).toBeUndefined();
  });

  it("an unanswerable question gets the not-found reply and an Ask a human button that reaches the support channel", async () => {
    await updatePolicy(s.app.store, { platform: "discord", id: GUILD }, { supportChannelId: SUPPORT });
    const cmd = await ask("What is the capital of Mongolia?");
    const m = await finalAnswer(cmd.token);
    expect(m.content).toBe(NOT_FOUND);
    expect(buttonId(m, "qa:up:")).toBeUndefined();
    await s.discord.button({ customId: buttonId(m, "qa:human:")!, messageId: m.id });
    const posted = await s.discord.waitForMessage(
      (x) => x.channelId === SUPPORT && x.content.includes("What is the capital of Mongolia?"),
    );
    expect(posted.content).toContain("asked for a human");
    expect(posted.content).toContain(`https://discord.com/channels/${GUILD}/${m.id}`);
  });

  it("records helpful / not helpful per person", async () => {
    const m = await finalAnswer((await ask("How do I set up my keys for the bot?")).token);
    const up = await s.discord.button({ customId: buttonId(m, "qa:up:")!, messageId: m.id });
    const thanks = await s.discord.waitForMessage(
      (x) => x.interactionToken === up.token && x.embeds.length > 0,
    );
    expect(JSON.stringify(thanks.embeds)).toContain("👍 1 · 👎 0");
  });

  it("refuses a balance question from a member who may not spend", async () => {
    await updatePolicy(
      s.app.store,
      { platform: "discord", id: GUILD },
      { spenderRoleIds: ["500000000000000001"] },
    );
    try {
      const cmd = await ask("What is our balance?");
      const m = await s.discord.waitForMessage(
        (x) => x.interactionToken === cmd.token && x.content.includes("can't look that up"),
        15_000,
      );
      expect(m.content).toContain("only shown to people who may spend");
      expect(s.theta.requests.some((r) => r.path.includes("balance"))).toBe(false);
    } finally {
      await updatePolicy(s.app.store, { platform: "discord", id: GUILD }, { spenderRoleIds: [] });
    }
  });

  it("/theta kb add (admins only) makes a document answerable; list and remove manage it", async () => {
    const doc =
      "# VPN guide\n\n## Connecting to the lab VPN\nThe lab VPN uses the Wireguard profile named frostbyte, issued by IT on request.\n";
    const file = s.discord.hostFile("vpn.md", Buffer.from(doc), "text/markdown");
    const refused = await kb("add", [{ name: "file", type: 11, value: file.id }], {
      attachments: { [file.id]: file },
    });
    const no = await s.discord.waitForMessage(
      (m) => m.interactionToken === refused.token && m.embeds.length > 0,
    );
    expect(embedText(no)).toContain("Only admins can add documents");

    const add = await kb("add", [{ name: "file", type: 11, value: file.id }], {
      attachments: { [file.id]: file },
      memberPermissions: ADMIN_PERMS,
    });
    const added = await s.discord.waitForMessage(
      (m) => m.interactionToken === add.token && m.embeds.length > 0,
    );
    expect(embedText(added)).toContain("VPN guide (vpn.md): 1 section indexed");

    const answer = await finalAnswer((await ask("Which Wireguard profile does the lab VPN use?")).token);
    expect(answer.content).toContain("frostbyte");
    expect(answer.content).toContain("[1] VPN guide › Connecting to the lab VPN");

    const list = await kb("list", []);
    const listed = await s.discord.waitForMessage(
      (m) => m.interactionToken === list.token && m.embeds.length > 0,
    );
    expect(embedText(listed)).toContain("VPN guide — vpn.md");

    const rm = await kb("remove", [{ name: "name", type: 3, value: "vpn.md" }], {
      memberPermissions: ADMIN_PERMS,
    });
    await s.discord.waitForMessage(
      (m) => m.interactionToken === rm.token && embedText(m).includes("Document removed"),
    );
    const after = await finalAnswer((await ask("Which Wireguard profile does the lab VPN use?")).token);
    expect(after.content).toBe(NOT_FOUND);
  });
});
