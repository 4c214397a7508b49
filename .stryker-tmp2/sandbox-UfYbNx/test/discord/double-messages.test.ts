/**
 * The Discord double's member messages against the real discord.js 14.28 client: MESSAGE_CREATE with
 * Discord's intent gating (GUILD_MESSAGES, MESSAGE_CONTENT, 4014), threads started from a message,
 * replies and edits of the bot's answers.
 */
// @ts-nocheck

import {
  Client,
  Events,
  GatewayIntentBits,
  type GatewayReceivePayload,
  type Message,
  type TextChannel,
} from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createDiscordDouble,
  DEFAULT_USER,
  type DiscordDouble,
  type DiscordDoubleOptions,
} from "../doubles/discord/index.js";

const CHANNEL = "300000000000000001";
const { Guilds, GuildMessages, MessageContent } = GatewayIntentBits;

const opened: Array<{ client: Client; double: DiscordDouble }> = [];

async function start(
  intents: number[],
  options: DiscordDoubleOptions = {},
): Promise<{ client: Client; double: DiscordDouble }> {
  const double = await createDiscordDouble(options);
  const client = new Client({ intents, rest: { api: double.restUrl } });
  const pair = { client, double };
  opened.push(pair);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(double.options.token);
  await ready;
  return pair;
}

afterAll(async () => {
  for (const { client, double } of opened) {
    await client.destroy();
    await double.close();
  }
});

/** The next messageCreate matching `pred` (listener attached before the message is sent). */
function nextMessage(client: Client, pred: (m: Message) => boolean = () => true): Promise<Message> {
  return new Promise<Message>((resolve) => {
    const on = (m: Message) => {
      if (!pred(m)) return;
      client.off(Events.MessageCreate, on);
      resolve(m);
    };
    client.on(Events.MessageCreate, on);
  });
}

function textChannel(client: Client): TextChannel {
  const ch = client.channels.cache.get(CHANNEL);
  if (!ch?.isTextBased() || ch.isDMBased() || ch.isThread()) throw new Error("channel not cached");
  return ch as TextChannel;
}

describe("member messages without MESSAGE_CONTENT (Guilds + GuildMessages)", () => {
  let client: Client;
  let double: DiscordDouble;
  const raw: GatewayReceivePayload[] = [];
  beforeAll(async () => {
    ({ client, double } = await start([Guilds, GuildMessages]));
    // Cloned: discord.js later adds `user` to the member object it was given.
    client.on(Events.Raw, (p: GatewayReceivePayload) => raw.push(structuredClone(p)));
  });
  afterEach(() => {
    raw.length = 0;
  });

  it("a mention of the bot reaches messageCreate with its content, author and member", async () => {
    const bot = double.options.botUser.id;
    const got = nextMessage(client);
    const stored = await double.userMessage({
      channelId: CHANNEL,
      content: `<@${bot}> how do I rotate my API key?`,
      roles: ["600000000000000001"],
      nonce: "123456789",
    });
    const m = await got;
    expect(m.id).toBe(stored.id);
    expect(m.content).toBe(`<@${bot}> how do I rotate my API key?`);
    expect(m.mentions.users.has(bot)).toBe(true);
    expect(m.mentions.has(client.user!)).toBe(true);
    expect(m.author.id).toBe(DEFAULT_USER.id);
    expect(m.author.username).toBe(DEFAULT_USER.username);
    expect(m.author.bot).toBe(false);
    expect(m.member?.roles.cache.has("600000000000000001")).toBe(true);
    expect(m.channel.id).toBe(CHANNEL);
    expect(m.guildId).toBe(double.options.guilds[0]!.id);
    expect(m.nonce).toBe("123456789");
    expect(m.type).toBe(0);
    expect(stored.kind).toBe("user");
    expect(stored.author).toEqual({ ...DEFAULT_USER, bot: false });
    expect(stored.mentions).toEqual([bot]);
    // The wire payload is Discord's: member without user, no webhook fields.
    const d = raw.find((p) => p.t === "MESSAGE_CREATE")?.d as unknown as Record<string, unknown>;
    expect(d.member).toMatchObject({ roles: ["600000000000000001"] });
    expect(d.member).not.toHaveProperty("user");
    expect(d).toMatchObject({ tts: false, mention_everyone: false, pinned: false, type: 0, flags: 0 });
    expect(d).not.toHaveProperty("webhook_id");
  });

  it("the <@!id> nickname mention form counts as a mention", async () => {
    const got = nextMessage(client);
    await double.userMessage({ channelId: CHANNEL, content: `hi <@!${double.options.botUser.id}>` });
    expect((await got).content).toBe(`hi <@!${double.options.botUser.id}>`);
  });

  it("a message that does not mention the bot arrives with empty content", async () => {
    const got = nextMessage(client);
    const stored = await double.userMessage({
      channelId: CHANNEL,
      content: "just chatting",
      userId: "400000000000000777",
      username: "alice",
    });
    const m = await got;
    expect(m.id).toBe(stored.id);
    expect(m.content).toBe("");
    expect(m.author.username).toBe("alice");
    expect(m.mentions.users.size).toBe(0);
    // The double keeps what the user wrote.
    expect(double.messages({ authorId: "400000000000000777" }).map((x) => x.content)).toEqual([
      "just chatting",
    ]);
  });

  it("REST reads apply the same rule: no MessageContent in the portal → empty content, author = the user", async () => {
    const plain = await double.userMessage({ channelId: CHANNEL, content: "secret" });
    const fetched = await textChannel(client).messages.fetch({ message: plain.id, force: true });
    expect(fetched.author.id).toBe(DEFAULT_USER.id);
    expect(fetched.author.bot).toBe(false);
    expect(fetched.content).toBe("");
    const mention = await double.userMessage({
      channelId: CHANNEL,
      content: `<@${double.options.botUser.id}> visible`,
    });
    const again = await textChannel(client).messages.fetch({ message: mention.id, force: true });
    expect(again.content).toBe(`<@${double.options.botUser.id}> visible`);
  });

  it("the bot's own channel posts come back as MESSAGE_CREATE from a bot author (self-loop guard)", async () => {
    const got = nextMessage(client, (m) => m.content === "answer from the bot");
    const sent = await textChannel(client).send("answer from the bot");
    const echo = await got;
    expect(echo.id).toBe(sent.id);
    expect(echo.author.id).toBe(client.user!.id);
    expect(echo.author.bot).toBe(true);
  });

  it("a reply to the bot's message pings it, so its content is visible", async () => {
    const botMsg = await textChannel(client).send("Here is the answer.");
    const got = nextMessage(client, (m) => m.author.id === DEFAULT_USER.id);
    await double.userMessage({
      channelId: CHANNEL,
      content: "thanks, and what about keys?",
      replyTo: botMsg.id,
    });
    const m = await got;
    expect(m.content).toBe("thanks, and what about keys?");
    expect(m.reference?.messageId).toBe(botMsg.id);
    expect(m.mentions.repliedUser?.id).toBe(client.user!.id);
  });

  it("startThread on a member's message: thread id == message id, bot answers and streams edits in it", async () => {
    const bot = double.options.botUser.id;
    const asked = nextMessage(client);
    const question = await double.userMessage({ channelId: CHANNEL, content: `<@${bot}> what is Theta?` });
    const msg = await asked;

    const threadCreate = new Promise((resolve) => client.once(Events.ThreadCreate, resolve));
    const thread = await msg.startThread({ name: "what is Theta?" });
    expect(thread.id).toBe(question.id);
    expect(thread.type).toBe(11);
    expect(thread.parentId).toBe(CHANNEL);
    expect(await threadCreate).toBe(thread);
    expect(double.messages().find((m) => m.id === question.id)?.threadId).toBe(thread.id);
    const starter = await textChannel(client).messages.fetch({ message: question.id, force: true });
    expect(starter.hasThread).toBe(true);
    expect(starter.thread?.id).toBe(thread.id);

    // The bot answers in the thread as a reply to the question, then streams by editing.
    const answer = await thread.send({ content: "Theta is…", reply: { messageReference: question.id } });
    await answer.edit("Theta is a decentralized");
    await answer.edit("Theta is a decentralized video and cloud network.");
    const stored = double.messages({ channelId: thread.id }).find((m) => m.id === answer.id)!;
    expect(stored.author.id).toBe(bot);
    expect(stored.type).toBe(19);
    expect(stored.reference).toEqual({
      messageId: question.id,
      channelId: CHANNEL,
      guildId: double.options.guilds[0]!.id,
    });
    expect(stored.content).toBe("Theta is a decentralized video and cloud network.");
    expect(stored.editCount).toBe(2);
    expect(stored.edits.map((e) => e.content)).toEqual([
      "Theta is a decentralized",
      "Theta is a decentralized video and cloud network.",
    ]);
    expect(stored.edits[0]!.at).toBeLessThanOrEqual(stored.edits[1]!.at);
    expect(answer.reference?.messageId).toBe(question.id);
    const refetched = await thread.messages.fetch({ message: answer.id, force: true });
    expect(refetched.content).toBe("Theta is a decentralized video and cloud network.");
    expect(refetched.editedTimestamp).not.toBeNull();

    // A follow-up inside the thread: a thread channel; without a mention (and no MESSAGE_CONTENT) no content.
    const followUp = nextMessage(client, (m) => m.author.id === DEFAULT_USER.id);
    await double.userMessage({ channelId: thread.id, content: "and how do I stake?" });
    const f = await followUp;
    expect(f.channel.isThread()).toBe(true);
    expect(f.channelId).toBe(thread.id);
    expect(f.guildId).toBe(double.options.guilds[0]!.id);
    expect(f.content).toBe("");
    const mentioned = nextMessage(client, (m) => m.author.id === DEFAULT_USER.id);
    await double.userMessage({ channelId: thread.id, content: `<@${bot}> and how do I stake?` });
    expect((await mentioned).content).toBe(`<@${bot}> and how do I stake?`);
  });

  it("a member's message cannot be edited by the bot (403 50005)", async () => {
    const stored = await double.userMessage({ channelId: CHANNEL, content: "mine" });
    const fetched = await textChannel(client).messages.fetch({ message: stored.id, force: true });
    await expect(fetched.edit("hijacked")).rejects.toMatchObject({ status: 403, code: 50005 });
  });
});

describe("intent gating", () => {
  it("a session without GUILD_MESSAGES gets no MESSAGE_CREATE", async () => {
    const { client, double } = await start([Guilds]);
    const raw: string[] = [];
    client.on(Events.Raw, (p: GatewayReceivePayload) => raw.push(p.t ?? ""));
    let created = 0;
    client.on(Events.MessageCreate, () => {
      created += 1;
    });
    await double.userMessage({ channelId: CHANNEL, content: `<@${double.options.botUser.id}> hello?` });
    // Dispatches are ordered: once the interaction arrives, a MESSAGE_CREATE sent before it would have too.
    const seen = new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
    await double.slashCommand({ name: "ping" });
    await seen;
    expect(raw).toContain("INTERACTION_CREATE");
    expect(raw).not.toContain("MESSAGE_CREATE");
    expect(created).toBe(0);
    expect(double.messages({ authorId: DEFAULT_USER.id })).toHaveLength(1);
  });

  it("MessageContent intent enabled in the portal (privilegedIntents): every message has content", async () => {
    const { client, double } = await start([Guilds, GuildMessages, MessageContent], {
      privilegedIntents: ["MessageContent"],
    });
    const got = nextMessage(client);
    await double.userMessage({ channelId: CHANNEL, content: "no mention here" });
    expect((await got).content).toBe("no mention here");
    const stored = await double.userMessage({ channelId: CHANNEL, content: "fetched" });
    const fetched = await textChannel(client).messages.fetch({ message: stored.id, force: true });
    expect(fetched.content).toBe("fetched");
    expect(double.options.privilegedIntents).toEqual(["MessageContent"]);
  });

  it("MessageContent intent without privilegedIntents: the gateway closes 4014 and login() rejects", async () => {
    const double = await createDiscordDouble();
    const client = new Client({
      intents: [Guilds, GuildMessages, MessageContent],
      rest: { api: double.restUrl },
    });
    opened.push({ client, double });
    const disconnect = new Promise<number>((resolve) =>
      client.once(Events.ShardDisconnect, (event) => resolve(event.code)),
    );
    await expect(client.login(double.options.token)).rejects.toThrow("Used disallowed intents");
    expect(await disconnect).toBe(4014);
    const identify = double.gatewayFrames.find((f) => f.op === 2)?.d as { intents: number };
    expect(identify.intents & MessageContent).toBe(MessageContent);
    await expect(double.waitForIdentify(200)).rejects.toThrow(/timed out/);
  });
});
