// @ts-nocheck
import { ChannelType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { callerOf } from "../caller.js";
import type { DiscordCommand } from "../context.js";
import { answerInto, threadName } from "../qa.js";

export const ask: DiscordCommand = {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask the support bot (answers from the docs, with sources)")
    .addStringOption((o) =>
      o.setName("question").setDescription("Your question").setRequired(true).setMaxLength(4000),
    )
    .addBooleanOption((o) => o.setName("private").setDescription("Only you see the answer (no thread)"))
    .setDMPermission(false)
    .toJSON(),
  ack: (i) => (i.options.getBoolean("private") ? "ephemeral" : "public"),
  async run(i, ctx) {
    const caller = callerOf(i);
    const question = i.options.getString("question", true);
    const isPrivate = i.options.getBoolean("private") ?? false;
    const inThread = i.channel?.isThread() ?? false;
    let threadId = inThread ? i.channelId : undefined;
    await ctx.app.qa.ensureEnabled(caller);
    if (!isPrivate && !inThread && i.channel?.type === ChannelType.GuildText) {
      // The answer message starts a thread (its id is the message's): follow-ups go there.
      const reply = await i.fetchReply();
      const thread = await reply.startThread({ name: threadName(question) }).catch((err: unknown) => {
        ctx.app.logger.warn({ err }, "could not start a Q&A thread; answering without one");
        return undefined;
      });
      if (thread) {
        threadId = thread.id;
        const how = ctx.app.config.discord.messageContent ? "write" : "mention me with";
        await thread.send(`Follow-ups: ${how} your next question in this thread; I keep its context.`);
      }
    }
    if (threadId) await ctx.app.qa.conversations.open(tenantOf(caller), threadId);
    const flags = isPrivate ? { flags: MessageFlags.Ephemeral as const } : {};
    await answerInto(
      ctx,
      { edit: (p) => i.editReply({ ...p, embeds: [] }), send: (p) => i.followUp({ ...p, ...flags }) },
      { caller: { ...caller, ...(threadId ? { threadId } : {}) }, question, threadId },
    );
  },
};
