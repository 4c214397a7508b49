/** The Discord double against the real discord.js 14.28 client: gateway, interactions, REST, faults. */
// @ts-nocheck

import { createHash } from "node:crypto";
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  REST,
  Routes,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordDouble, DEFAULT_TEXT_PERMISSIONS, type DiscordDouble } from "./discord/index.js";

const GUILD = "200000000000000001";
const CHANNEL = "300000000000000001";
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let double: DiscordDouble;
let client: Client;

/** Runs `fn` on the next interaction the client emits (listener attached before the dispatch). */
function onNextInteraction<T>(fn: (i: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => {
      fn(i).then(resolve, reject);
    });
  });
}

async function rejection(p: Promise<unknown>): Promise<DiscordAPIError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(e)}`);
  return e;
}

function textChannel(): TextChannel {
  const ch = client.channels.cache.get(CHANNEL);
  if (!ch?.isTextBased() || ch.isDMBased()) throw new Error("channel not cached");
  return ch as TextChannel;
}

beforeAll(async () => {
  double = await createDiscordDouble();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.restUrl } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(double.options.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await double?.close();
});

describe("gateway", () => {
  it("logs in through GET /gateway/bot, IDENTIFYs and caches the guild, channel, bot member", async () => {
    await double.waitForIdentify();
    const gw = double.calls.find((c) => c.path === "/gateway/bot");
    expect(gw?.headers.authorization).toBe(`Bot ${double.options.token}`);
    const identify = double.gatewayFrames.find((f) => f.op === 2)?.d as { intents: number };
    expect(identify.intents).toBe(GatewayIntentBits.Guilds);
    const guild = client.guilds.cache.get(GUILD);
    expect(guild?.available).toBe(true);
    expect(guild?.members.me?.id).toBe(double.options.botUser.id);
    expect(client.application?.id).toBe(double.options.applicationId);
    expect(textChannel().permissionsFor(client.user!)?.has(PermissionFlagsBits.AttachFiles)).toBe(true);
  });
});

describe("slash commands", () => {
  it("dispatches a chat input command whose options, member and channel discord.js can read", async () => {
    const seen = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error("not a chat input command");
      await i.deferReply();
      return {
        prompt: i.options.getString("prompt"),
        steps: i.options.getInteger("steps"),
        sub: i.options.getSubcommand(false),
        channelId: i.channel?.id,
        perms: i.memberPermissions?.has(PermissionFlagsBits.Administrator),
        limit: i.attachmentSizeLimit,
      };
    });
    const { id } = await double.slashCommand({
      name: "imagine",
      options: [
        { name: "prompt", type: 3, value: "a cat" },
        { name: "steps", type: 4, value: 20 },
      ],
    });
    expect(await seen).toEqual({
      prompt: "a cat",
      steps: 20,
      sub: null,
      channelId: CHANNEL,
      perms: false,
      limit: 10 * 1024 * 1024,
    });
    const cb = await double.waitForCallback(id);
    expect(cb.type).toBe(5);
  });

  it("stores editReply files byte for byte and followUps as new messages", async () => {
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, k) => k % 251));
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error("unexpected");
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const edited = await i.editReply({
        content: "done",
        files: [new AttachmentBuilder(bytes, { name: "cat.png" })],
      });
      const follow = await i.followUp({ content: "more" });
      return { edited: edited.id, follow: follow.id, url: edited.attachments.first()?.url };
    });
    const { token } = await double.slashCommand({ name: "imagine" });
    const ids = await done;
    const [original, followup] = double.messages({ interactionToken: token });
    expect(original?.id).toBe(ids.edited);
    expect(original?.kind).toBe("original");
    expect(original?.flags).toBe(64); // ephemeral kept, loading cleared
    expect(original?.attachments[0]?.filename).toBe("cat.png");
    expect(original?.attachments[0]?.sha256).toBe(sha256(bytes));
    expect(original?.attachments[0]?.data.equals(bytes)).toBe(true);
    expect(followup).toMatchObject({ id: ids.follow, kind: "followup", content: "more" });
    const cdn = Buffer.from(await (await fetch(ids.url!)).arrayBuffer());
    expect(cdn.equals(bytes)).toBe(true);
    const patch = double.calls.find((c) => c.method === "PATCH" && c.path.includes(token));
    expect(patch?.path).toBe(`/webhooks/${double.options.applicationId}/${token}/messages/@original`);
    expect(patch?.headers.authorization).toBeUndefined();
  });

  it("lets the first followUp after a defer replace the thinking message", async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error("unexpected");
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const m = await i.followUp({ content: "public?" });
      return m.id;
    });
    const { token } = await double.slashCommand({ name: "video" });
    const id = await done;
    const stored = double.messages({ interactionToken: token });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id, kind: "original", content: "public?", flags: 64 });
  });

  it("answers a second acknowledgement of a replayed interaction with 40060", async () => {
    const first = onNextInteraction(async (i) => {
      if (i.isRepliable()) await i.reply({ content: "hi" });
    });
    const { id } = await double.slashCommand({ name: "theta", options: [{ name: "balance", type: 1 }] });
    await first;
    const again = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error("unexpected");
      return rejection(i.reply({ content: "hi again" }));
    });
    const replay = await double.slashCommand({ name: "theta", id });
    expect(replay.id).toBe(id);
    const err = await again;
    expect(err.code).toBe(40060);
    expect(err.status).toBe(400);
  });

  it("rejects a late acknowledgement (after 3 s on the double clock) with 10062", async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error("unexpected");
      double.advanceClock(3500);
      return rejection(i.deferReply());
    });
    await double.slashCommand({ name: "imagine" });
    expect((await done).code).toBe(10062);
  });

  it("rejects replies Discord would reject: > 2000 characters (50035), empty (50006)", async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error("unexpected");
      const long = await rejection(i.reply({ content: "x".repeat(2001) }));
      const empty = await rejection(i.reply({ content: "" }));
      await i.reply({ content: "x".repeat(2000) });
      return [long.code, long.rawError, empty.code];
    });
    const { id } = await double.slashCommand({ name: "imagine" });
    const [longCode, raw, emptyCode] = await done;
    expect(longCode).toBe(50035);
    expect(raw).toMatchObject({ errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } });
    expect(emptyCode).toBe(50006);
    expect((await double.waitForCallback(id)).type).toBe(4);
  });

  it("answers autocomplete respond() and showModal()", async () => {
    const auto = onNextInteraction(async (i) => {
      if (!i.isAutocomplete()) throw new Error("unexpected");
      const focused = i.options.getFocused(true);
      await i.respond([{ name: `${focused.value}-xl`, value: "xl" }]);
    });
    const a = await double.autocomplete({
      name: "imagine",
      options: [{ name: "model", type: 3, value: "flux", focused: true }],
    });
    await auto;
    expect(await double.waitForCallback(a.id)).toMatchObject({
      type: 8,
      data: { choices: [{ name: "flux-xl", value: "xl" }] },
    });

    const modal = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error("unexpected");
      const input = new TextInputBuilder()
        .setCustomId("key")
        .setLabel("API key")
        .setStyle(TextInputStyle.Short);
      await i.showModal(
        new ModalBuilder()
          .setCustomId("creds")
          .setTitle("Credentials")
          .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)),
      );
    });
    const m = await double.slashCommand({ name: "theta" });
    await modal;
    expect((await double.waitForCallback(m.id)).type).toBe(9);
  });
});

describe("components and modals", () => {
  it("button update() edits the message the button is on", async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId("cancel:1").setLabel("Cancel").setStyle(ButtonStyle.Danger),
    );
    const card = await textChannel().send({ content: "job running", components: [row] });
    const done = onNextInteraction(async (i) => {
      if (!i.isButton()) throw new Error("unexpected");
      await i.update({ content: "cancelled", components: [] });
      return { customId: i.customId, messageId: i.message.id };
    });
    const { id } = await double.button({ customId: "cancel:1", messageId: card.id });
    expect(await done).toEqual({ customId: "cancel:1", messageId: card.id });
    expect((await double.waitForCallback(id)).type).toBe(7);
    const stored = double.messages({ channelId: CHANNEL }).find((m) => m.id === card.id);
    expect(stored).toMatchObject({ content: "cancelled", components: [], editCount: 1 });
  });

  it("deferUpdate() then editReply() edits the component's message", async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isButton()) throw new Error("unexpected");
      await i.deferUpdate();
      await i.editReply({ content: "confirmed" });
      return i.message.id;
    });
    const { id } = await double.button({ customId: "confirm:9" });
    const messageId = await done;
    expect((await double.waitForCallback(id)).type).toBe(6);
    expect(double.messages().find((m) => m.id === messageId)).toMatchObject({
      kind: "seed",
      content: "confirmed",
    });
  });

  it("modal submit fields are readable", async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isModalSubmit()) throw new Error("unexpected");
      await i.reply({ content: "saved", flags: MessageFlags.Ephemeral });
      return [i.customId, i.fields.getTextInputValue("key"), i.fields.getTextInputValue("secret")];
    });
    const { id } = await double.modalSubmit({ customId: "creds", fields: { key: "k-1", secret: "s-2" } });
    expect(await done).toEqual(["creds", "k-1", "s-2"]);
    expect(await double.waitForCallback(id)).toMatchObject({
      type: 4,
      data: { content: "saved", flags: 64 },
    });
  });
});

describe("channels, commands, threads", () => {
  it("channel.send with a file stores the bytes", async () => {
    const bytes = Buffer.from("GIF89a-not-really");
    const msg = await textChannel().send({
      content: "result",
      files: [{ attachment: bytes, name: "out.gif" }],
    });
    const stored = await double.waitForMessage((m) => m.id === msg.id);
    expect(stored).toMatchObject({ kind: "channel", channelId: CHANNEL, content: "result" });
    expect(stored.attachments[0]?.data.equals(bytes)).toBe(true);
    const call = double.calls.findLast(
      (c) => c.method === "POST" && c.path === `/channels/${CHANNEL}/messages`,
    );
    expect(call?.body).toMatchObject({
      files: [{ name: "files[0]", filename: "out.gif", size: bytes.length }],
    });
  });

  it("registers commands and uses their ids in interactions", async () => {
    const set = await client.application!.commands.set([
      {
        name: "imagine",
        description: "Generate an image",
        options: [{ type: 3, name: "prompt", description: "p", required: true }],
      },
    ]);
    await client.application!.commands.set([{ name: "theta", description: "Theta ops" }], GUILD);
    expect(double.registeredCommands()).toHaveLength(1);
    // deploy-commands style: a standalone REST with the same `api`
    const rest = new REST({ api: double.restUrl }).setToken(double.options.token);
    const put = (await rest.put(Routes.applicationCommands(double.options.applicationId), {
      body: [{ name: "imagine", description: "Generate an image v2" }],
    })) as Array<{ id: string }>;
    expect(put[0]?.id).toBe(set.first()?.id); // same name keeps its id
    expect(double.registeredCommands({ guildId: GUILD })).toMatchObject([{ name: "theta", guild_id: GUILD }]);
    const bad = await rejection(client.application!.commands.create({ name: "Bad Name", description: "x" }));
    expect(bad.code).toBe(50035);
    const got = onNextInteraction(async (i) => (i.isChatInputCommand() ? i.commandId : null));
    await double.slashCommand({ name: "imagine", options: [{ name: "prompt", type: 3, value: "x" }] });
    expect(await got).toBe(set.first()?.id);
  });

  it("starts a thread from a message (same id, type 11) and posts in it", async () => {
    const parent = await textChannel().send("job card");
    const thread = await parent.startThread({ name: "job 1" });
    expect(thread.id).toBe(parent.id);
    expect(thread.type).toBe(11);
    await thread.send("progress 50%");
    expect(double.messages({ channelId: thread.id }).map((m) => m.content)).toEqual(["progress 50%"]);
  });

  it("reflects channelPermissions in permissionsFor() and refuses files without AttachFiles", async () => {
    double.channelPermissions.set(
      CHANNEL,
      (DEFAULT_TEXT_PERMISSIONS & ~PermissionFlagsBits.AttachFiles).toString(),
    );
    await expect
      .poll(() => textChannel().permissionsFor(client.user!)?.has(PermissionFlagsBits.AttachFiles))
      .toBe(false);
    const err = await rejection(
      textChannel().send({ files: [{ attachment: Buffer.from("x"), name: "a.txt" }] }),
    );
    expect([err.status, err.code]).toEqual([403, 50013]);
    double.channelPermissions.delete(CHANNEL);
    await expect
      .poll(() => textChannel().permissionsFor(client.user!)?.has(PermissionFlagsBits.AttachFiles))
      .toBe(true);
  });
});

describe("faults and limits", () => {
  it("discord.js waits out a 429 with Retry-After 0.2 and the double logs the retry", async () => {
    const path = `/channels/${CHANNEL}/messages`;
    double.fault({ method: "POST", path, retryAfterSeconds: 0.2, times: 1 });
    const before = double.calls.length;
    const started = Date.now();
    const msg = await textChannel().send("after the limit");
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    const posts = double.calls.slice(before).filter((c) => c.method === "POST" && c.path === path);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(double.messages().some((m) => m.id === msg.id)).toBe(true);
  });

  it("answers oversized files with 413 / 40005 and leaves the interaction unacknowledged", async () => {
    const done = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error("unexpected");
      const big = new AttachmentBuilder(Buffer.alloc(2048), { name: "big.mp4" });
      const err = await rejection(i.reply({ files: [big] }));
      await i.reply({ content: "too big, here is a link" });
      return err;
    });
    const { id } = await double.slashCommand({ name: "video", attachmentSizeLimit: 1024 });
    const err = await done;
    expect([err.status, err.code]).toEqual([413, 40005]);
    expect(await double.waitForCallback(id)).toMatchObject({
      type: 4,
      data: { content: "too big, here is a link" },
    });

    const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
    const chErr = await rejection(textChannel().send({ files: [{ attachment: huge, name: "huge.bin" }] }));
    expect(chErr.code).toBe(40005);
  });

  it("expires interaction tokens after 15 minutes (401 / 50027) without dropping the bot token", async () => {
    const deferred = onNextInteraction(async (i) => {
      if (!i.isRepliable()) throw new Error("unexpected");
      await i.deferReply();
      return i;
    });
    await double.slashCommand({ name: "video" });
    const i = await deferred;
    double.advanceClock(16 * 60_000);
    const err = await rejection(i.editReply("finally"));
    expect([err.status, err.code]).toEqual([401, 50027]);
    await expect(textChannel().send("fallback to the channel")).resolves.toBeDefined();
  });

  it("requires the bot token on bot routes", async () => {
    const res = await fetch(`${double.restUrl}/v10/users/@me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "401: Unauthorized", code: 0 });
  });

  it("survives a gateway disconnect: the client RESUMEs and still gets interactions", async () => {
    double.disconnectGateway(4000);
    await expect.poll(() => double.gatewayFrames.some((f) => f.op === 6), { timeout: 5000 }).toBe(true);
    const got = onNextInteraction(async (i) => (i.isChatInputCommand() ? i.commandName : null));
    await double.slashCommand({ name: "imagine" });
    expect(await got).toBe("imagine");
  });
});
