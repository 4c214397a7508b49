// @ts-nocheck
import { SlashCommandBuilder } from "discord.js";
import { videoRequest } from "../../../core/chat/requests.js";
import type { DiscordCommand } from "../context.js";
import { runPaid } from "../paid.js";

export const video: DiscordCommand = {
  data: new SlashCommandBuilder()
    .setName("video")
    .setDescription("Generate a short video from text on Theta EdgeCloud")
    .addStringOption((o) =>
      o.setName("prompt").setDescription("What happens").setRequired(true).setMaxLength(1500),
    )
    .addIntegerOption((o) =>
      o.setName("frames").setDescription("Number of frames").setMinValue(8).setMaxValue(204),
    )
    .addIntegerOption((o) =>
      o.setName("fps").setDescription("Frames per second").setMinValue(1).setMaxValue(60),
    )
    .addIntegerOption((o) =>
      o.setName("seed").setDescription("Seed").setMinValue(0).setMaxValue(2_147_483_647),
    )
    .addStringOption((o) => o.setName("negative_prompt").setDescription("What to avoid").setMaxLength(500))
    .setDMPermission(false)
    .toJSON(),
  ack: () => "ephemeral",
  async run(i, ctx) {
    const d = await ctx.app.services.get();
    await runPaid(
      i,
      ctx,
      videoRequest(d, {
        prompt: i.options.getString("prompt", true),
        frames: i.options.getInteger("frames") ?? undefined,
        fps: i.options.getInteger("fps") ?? undefined,
        seed: i.options.getInteger("seed") ?? undefined,
        negativePrompt: i.options.getString("negative_prompt") ?? undefined,
      }),
    );
  },
};
