import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { askQuestion } from "../../../core/chat/ask.js";
import { splitMessage } from "../../../core/present/split.js";
import { callerOf } from "../caller.js";
import type { DiscordCommand } from "../context.js";

export const ask: DiscordCommand = {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask a Theta-hosted LLM")
    .addStringOption((o) =>
      o.setName("question").setDescription("Your question").setRequired(true).setMaxLength(4000),
    )
    .addBooleanOption((o) => o.setName("private").setDescription("Only you see the answer"))
    .setDMPermission(false)
    .toJSON(),
  ack: (i) => (i.options.getBoolean("private") ? "ephemeral" : "public"),
  async run(i, ctx) {
    const text = await askQuestion(
      ctx.app.runtime,
      ctx.app.store,
      callerOf(i),
      i.options.getString("question", true),
    );
    const parts = splitMessage(text, 2000);
    await i.editReply({ content: parts[0] ?? "", embeds: [], components: [] });
    const flags = i.options.getBoolean("private") ? { flags: MessageFlags.Ephemeral as const } : {};
    for (const p of parts.slice(1)) await i.followUp({ content: p, ...flags });
  },
};
