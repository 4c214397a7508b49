// @ts-nocheck
import { SlashCommandBuilder } from "discord.js";
import { imagineRequest } from "../../../core/chat/requests.js";
import { textToImage } from "../../../core/chat/services.js";
import type { DiscordCommand } from "../context.js";
import { runPaid } from "../paid.js";

const SIZES = ["512x512", "768x768", "1024x1024", "1024x576", "576x1024"];

export const imagine: DiscordCommand = {
  data: new SlashCommandBuilder()
    .setName("imagine")
    .setDescription("Generate an image on Theta EdgeCloud")
    .addStringOption((o) =>
      o.setName("prompt").setDescription("What to draw").setRequired(true).setMaxLength(1500),
    )
    .addStringOption((o) =>
      o.setName("model").setDescription("Image model (live services)").setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName("size")
        .setDescription("Width x height")
        .addChoices(...SIZES.map((s) => ({ name: s, value: s }))),
    )
    .addIntegerOption((o) =>
      o.setName("steps").setDescription("Inference steps").setMinValue(1).setMaxValue(50),
    )
    .addIntegerOption((o) =>
      o
        .setName("seed")
        .setDescription("Seed for repeatable results")
        .setMinValue(0)
        .setMaxValue(2_147_483_647),
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
      imagineRequest(d, {
        prompt: i.options.getString("prompt", true),
        model: i.options.getString("model") ?? undefined,
        size: i.options.getString("size") ?? undefined,
        steps: i.options.getInteger("steps") ?? undefined,
        seed: i.options.getInteger("seed") ?? undefined,
        negativePrompt: i.options.getString("negative_prompt") ?? undefined,
      }),
    );
  },
  async autocomplete(i, ctx) {
    const typed = i.options.getFocused().toLowerCase();
    const d = await ctx.app.services.get();
    const choices = textToImage(d.services)
      .filter((s) => s.alias.includes(typed) || s.name.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((s) => ({
        name: `${s.name} (${s.alias})${s.source === "catalog" ? " — catalog" : ""}`.slice(0, 100),
        value: s.alias,
      }));
    await i.respond(choices);
  },
};
