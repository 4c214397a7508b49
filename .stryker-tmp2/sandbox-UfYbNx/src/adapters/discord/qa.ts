/**
 * The support Q&A bot on Discord: /ask and mentions start a thread, follow-ups in it keep its
 * context, answers stream by editing the message (throttled), and end with sources and buttons.
 */
// @ts-nocheck

import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  type Client,
  type Message,
  PermissionFlagsBits,
} from "discord.js";
import type { Caller } from "../../core/chat/caller.js";
import { tenantOf } from "../../core/chat/caller.js";
import type { Logger } from "../../core/logger.js";
import { errorCard } from "../../core/present/error-card.js";
import { renderAnswer, renderPartial } from "../../core/present/qa-answer.js";
import { splitMessage } from "../../core/present/split.js";
import type { QaAnswer } from "../../core/qa/service.js";
import { ThrottledEditor } from "../../core/qa/stream-editor.js";
import type { DiscordContext } from "./context.js";
import { errorMessage } from "./render.js";

const LIMIT = 2000;

export const qaIds = {
  up: (id: string) => `qa:up:${id}`,
  down: (id: string) => `qa:down:${id}`,
  human: (id: string) => `qa:human:${id}`,
};

export function answerButtons(a: QaAnswer) {
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (!a.notFound && !a.refused) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(qaIds.up(a.id))
        .setLabel("Helpful")
        .setEmoji("👍")
        .setStyle(ButtonStyle.Secondary),
      new ButtonBuilder()
        .setCustomId(qaIds.down(a.id))
        .setLabel("Not helpful")
        .setEmoji("👎")
        .setStyle(ButtonStyle.Secondary),
    );
  }
  if (!a.refused) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(qaIds.human(a.id))
        .setLabel("Ask a human")
        .setStyle(ButtonStyle.Primary),
    );
  }
  return row.components.length ? [row] : [];
}

/** Where an answer is written: its first message can be edited, more parts are sent after it. */
export interface AnswerTarget {
  edit(payload: { content: string; components: ReturnType<typeof answerButtons> }): Promise<unknown>;
  send(payload: { content: string; components: ReturnType<typeof answerButtons> }): Promise<unknown>;
}

/** Asks, streaming partial text into the target's first message, then writes the final answer. */
export async function answerInto(
  ctx: DiscordContext,
  target: AnswerTarget,
  o: { caller: Caller; question: string; threadId?: string | undefined },
): Promise<QaAnswer> {
  const editor = new ThrottledEditor(async (text) => {
    await target.edit({ content: renderPartial(text, LIMIT), components: [] });
  }, ctx.app.config.qa.streamEditMs);
  let answer: QaAnswer;
  try {
    answer = await ctx.app.qa.ask({ ...o, onPartial: (t) => editor.push(t) });
  } finally {
    await editor.close();
  }
  const parts = splitMessage(renderAnswer(answer, "discord"), LIMIT);
  const buttons = answerButtons(answer);
  await target.edit({ content: parts[0] ?? "", components: parts.length === 1 ? buttons : [] });
  for (const [n, p] of parts.slice(1).entries()) {
    await target.send({ content: p, components: n === parts.length - 2 ? buttons : [] });
  }
  return answer;
}

/** A short thread name from the question. */
export function threadName(question: string): string {
  const one = question.replace(/\s+/g, " ").trim();
  return one.length > 90 ? `${one.slice(0, 89)}…` : one || "Question";
}

function callerOfMessage(m: Message<true>): Caller {
  const member = m.member;
  let isAdmin = false;
  try {
    isAdmin = Boolean(member?.permissions.has(PermissionFlagsBits.ManageGuild));
  } catch {
    isAdmin = false;
  }
  return {
    platform: "discord",
    tenantId: m.guildId,
    userId: m.author.id,
    isAdmin,
    roleIds: member ? [...member.roles.cache.keys()].filter((r) => r !== m.guildId) : [],
    channelId: m.channelId,
  };
}

/**
 * Messages: a mention of the bot in a channel starts a thread on that message and answers there;
 * in a thread the bot answers, a mention (or, with the Message Content intent, any message) is a
 * follow-up with the thread's context.
 */
export function createMessageHandler(ctx: DiscordContext, client: Client, logger: Logger) {
  return async (m: Message): Promise<void> => {
    if (m.author.bot || !m.inGuild() || !client.user) return;
    const mentioned = m.mentions.users.has(client.user.id);
    const question = m.content.replace(new RegExp(`<@!?${client.user.id}>`, "g"), "").trim();
    const tenant = { platform: "discord" as const, id: m.guildId };
    const inThread = m.channel.isThread();
    const known = inThread ? await ctx.app.qa.conversations.get(tenant, m.channelId) : undefined;
    if (!mentioned && !known) return;
    if (!mentioned && !question) return; // without the Message Content intent, follow-ups arrive empty
    if (!(await ctx.app.store.setIfAbsent(`seen:discord:msg:${m.id}`, "1", 15 * 60 * 1000))) return;
    const caller = callerOfMessage(m);
    try {
      if (!question) {
        await m.reply({
          content: "Ask me a question after the mention, for example: @theta-bot how do I set up my keys?",
        });
        return;
      }
      let threadId = inThread ? m.channelId : undefined;
      let channel = m.channel;
      if (!inThread && m.channel.type === ChannelType.GuildText) {
        const thread = await m.startThread({ name: threadName(question) }).catch((err: unknown) => {
          logger.warn({ err }, "could not start a Q&A thread; answering in the channel");
          return undefined;
        });
        if (thread) {
          threadId = thread.id;
          channel = thread;
        }
      }
      if (threadId) await ctx.app.qa.conversations.open(tenantOf(caller), threadId);
      const first = channel === m.channel ? await m.reply("Thinking…") : await channel.send("Thinking…");
      await answerInto(
        ctx,
        { edit: (p) => first.edit(p), send: (p) => channel.send(p) },
        { caller: { ...caller, ...(threadId ? { threadId } : {}) }, question, threadId },
      );
    } catch (err) {
      await m.reply(errorMessage(errorCard(err, logger))).catch(() => {});
    }
  };
}
