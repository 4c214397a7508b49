// @ts-nocheck
import { SlashCommandBuilder } from "discord.js";
import { MEDIA_COMMANDS, type MediaCommandSpec, mediaRequest } from "../../../core/chat/requests.js";
import type { DiscordCommand } from "../context.js";
import { runPaid } from "../paid.js";

/** One slash command per media use case (upscale, caption, ask-image, transcribe, detect, …), from its spec. */
function mediaCommand(spec: MediaCommandSpec): DiscordCommand {
  const b = new SlashCommandBuilder()
    .setName(spec.name)
    .setDescription(`${spec.title} (Theta ${spec.service})`)
    .setDMPermission(false);
  for (const opt of Object.keys(spec.files))
    b.addAttachmentOption((o) => o.setName(opt).setDescription(`The ${opt} file`).setRequired(true));
  for (const opt of Object.keys(spec.texts ?? {})) {
    const required = opt !== "language";
    b.addStringOption((o) =>
      o
        .setName(opt)
        .setDescription(opt === "language" ? "Language code, e.g. en" : `The ${opt}`)
        .setRequired(required)
        .setMaxLength(500),
    );
  }
  return {
    data: b.toJSON(),
    ack: () => "ephemeral",
    async run(i, ctx) {
      const files: Record<string, { url: string; name: string }> = {};
      for (const opt of Object.keys(spec.files)) {
        const a = i.options.getAttachment(opt, true);
        files[opt] = { url: a.url, name: a.name };
      }
      const texts = Object.fromEntries(
        Object.keys(spec.texts ?? {}).map((t) => [t, i.options.getString(t) ?? undefined]),
      );
      await runPaid(i, ctx, mediaRequest(await ctx.app.services.get(), spec, files, texts));
    },
  };
}

export const mediaCommands: DiscordCommand[] = MEDIA_COMMANDS.map(mediaCommand);
