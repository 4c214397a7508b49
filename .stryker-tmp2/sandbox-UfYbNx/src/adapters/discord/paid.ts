// @ts-nocheck
import { type ButtonInteraction, type ChatInputCommandInteraction, PermissionFlagsBits } from "discord.js";
import type { Outcome, PaidRequest } from "../../core/chat/actions.js";
import { BotError } from "../../core/errors.js";
import { STAGE_LABEL } from "../../core/present/job-card.js";
import { callerOf } from "./caller.js";
import { summarize } from "./commands/theta-read.js";
import type { DiscordContext } from "./context.js";
import { saveCard } from "./delivery.js";
import { confirmMessage, jobCardMessage, previewMessage, textMessage } from "./render.js";

const NEEDED =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks;

/** Before accepting a paid job: the bot must be able to post (and attach) its result in this channel. */
export function checkChannel(i: ChatInputCommandInteraction | ButtonInteraction): void {
  if (!i.appPermissions.has(NEEDED)) {
    throw new BotError({
      code: "permission_denied",
      family: "usage",
      message:
        "I can't post results here: give theta-bot Send Messages, Attach Files and Embed Links in this channel, or use another channel.",
    });
  }
}

/** Renders an outcome on an interaction that was already acknowledged. */
export async function showOutcome(
  i: ChatInputCommandInteraction | ButtonInteraction,
  ctx: DiscordContext,
  outcome: Outcome,
): Promise<void> {
  switch (outcome.kind) {
    case "confirm":
      await i.editReply(confirmMessage(outcome.card));
      return;
    case "preview":
      await i.editReply(previewMessage(outcome.card));
      return;
    case "done":
      await i.editReply(textMessage(`✅ ${outcome.title}`, summarize(outcome.result) || "Done."));
      return;
    case "started": {
      const title = outcome.title;
      await i.editReply(
        textMessage(title, `Started as job \`${outcome.jobId}\`; progress is posted in the channel.`, "ok"),
      );
      if (!outcome.created) return;
      const card = await i.followUp({
        ...jobCardMessage({
          jobId: outcome.jobId,
          title,
          stage: STAGE_LABEL.queued ?? "Queued",
          queuePosition: (await ctx.app.queue.position(outcome.jobId).catch(() => null)) ?? undefined,
          cancellable: true,
        }),
      });
      await saveCard(ctx.app.store, outcome.jobId, {
        appId: ctx.applicationId,
        token: i.token,
        messageId: card.id,
        sizeLimit: i.attachmentSizeLimit ?? 10 * 1024 * 1024,
        createdAt: i.createdTimestamp,
      });
    }
  }
}

/** A paid slash command: channel check, quote → confirm (or auto-approve / dry-run preview). */
export async function runPaid(
  i: ChatInputCommandInteraction,
  ctx: DiscordContext,
  req: PaidRequest,
): Promise<void> {
  checkChannel(i);
  const outcome = await ctx.actions.propose(callerOf(i), req);
  await showOutcome(i, ctx, outcome);
}
