import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { usageError } from "../../../core/errors.js";
import { runOperation } from "../../../core/operations/runner.js";
import { getPolicy } from "../../../core/policy/index.js";
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
    const caller = callerOf(i);
    const tenant = tenantOf(caller);
    const policy = await getPolicy(ctx.app.store, tenant);
    if (!policy.qaEnabled)
      throw usageError("permission_denied", "Questions are turned off on this server (/theta policy).");
    const messages = [
      { role: "system", content: "You are a concise, accurate assistant for a team using Theta EdgeCloud." },
      { role: "user", content: i.options.getString("question", true) },
    ];
    // The server's own dedicated endpoint when it has one, else on-demand chat.
    const dedicated = (await ctx.app.runtime.credentials.status(tenant, "inference")).configured;
    const r = await runOperation(
      ctx.app.runtime,
      dedicated ? "theta.inference.chat" : "theta.ondemand.chat",
      { messages },
      { tenant },
    );
    const text =
      r.kind === "result"
        ? String((r.result as { text?: string }).text ?? "")
        : "(dry run: nothing was asked)";
    const parts = splitMessage(text || "The model returned an empty answer; try rephrasing.", 2000);
    await i.editReply({ content: parts[0] ?? "", embeds: [], components: [] });
    for (const p of parts.slice(1))
      await i.followUp({
        content: p,
        ...(i.options.getBoolean("private") ? { flags: MessageFlags.Ephemeral } : {}),
      });
  },
};
