// @ts-nocheck
import { type ButtonInteraction, Routes } from "discord.js";
import type { PaidRequest } from "../../core/chat/actions.js";
import { imagineRequest, MEDIA_COMMANDS, mediaRequest } from "../../core/chat/requests.js";
import { usageError } from "../../core/errors.js";
import { escalation, escalationText, recordFeedback, type Vote } from "../../core/qa/feedback.js";
import { callerOf } from "./caller.js";
import type { ButtonHandler, DiscordContext } from "./context.js";
import { checkChannel, showOutcome } from "./paid.js";
import { textMessage } from "./render.js";

/** Confirm a quoted paid action (requester only, single-use, 2 minutes). */
const confirm: ButtonHandler = async (i, ctx, actionId) => {
  checkChannel(i);
  const outcome = await ctx.actions.confirm(actionId, callerOf(i));
  await showOutcome(i, ctx, outcome);
};

const cancelAction: ButtonHandler = async (i, ctx, actionId) => {
  await ctx.actions.cancel(actionId, callerOf(i));
  await i.editReply(textMessage("Cancelled", "Nothing was sent to Theta and nothing was charged.", "warn"));
};

/** The Cancel button on a job card: only the requester; the reply says what it means for billing. */
const cancelJob: ButtonHandler = async (i, ctx, jobId) => {
  const r = await ctx.app.jobs.cancel(jobId, i.user.id, ctx.app.deps);
  await i.editReply(textMessage("Cancel", r.message, "warn"));
};

/** Reroll / Upscale / Variations on an image result start a new paid action from the original job. */
async function fromImage(
  i: ButtonInteraction,
  ctx: DiscordContext,
  jobId: string,
  mode: "reroll" | "upscale" | "vary",
) {
  checkChannel(i);
  const e = await ctx.app.jobs.ledger.get(jobId);
  if (!e || e.origin.tenantId !== i.guildId)
    throw usageError("job_not_found", "That image's job is no longer known.");
  const d = e.data as { service?: string; input?: Record<string, unknown> };
  const services = await ctx.app.services.get();
  const seed = Math.floor(Math.random() * 2_147_483_647);
  let req: PaidRequest;
  if (mode === "reroll") {
    req = imagineRequest(services, { prompt: String(d.input?.prompt ?? ""), model: d.service, seed });
  } else {
    const url = e.outputUrls?.[0];
    if (!url) throw usageError("job_not_found", "That job has no image to work from.");
    const spec = MEDIA_COMMANDS.find((m) => m.name === (mode === "upscale" ? "upscale" : "caption"))!;
    req =
      mode === "upscale"
        ? mediaRequest(services, spec, { image: { url, name: "image" } }, {})
        : imagineRequest(services, {
            prompt: `${String(d.input?.prompt ?? "")}, variation`,
            model: d.service,
            seed,
          });
  }
  // Each new action is the clicker's own: they confirm it and it counts against their budget.
  await showOutcome(i, ctx, await ctx.actions.propose(callerOf(i), req));
}

const vote =
  (v: Vote): ButtonHandler =>
  async (i, ctx, answerId) => {
    const t = await recordFeedback(ctx.app.store, ctx.app.qa, answerId, callerOf(i), v);
    await i.editReply(
      textMessage(
        "Thanks for the feedback",
        `Recorded. This answer so far: 👍 ${t.helpful} · 👎 ${t.unhelpful}`,
        "ok",
      ),
    );
  };

/** "Ask a human": the question, the answer and a link go to the server's support channel, once. */
const askHuman: ButtonHandler = async (i, ctx, answerId) => {
  const e = await escalation(ctx.app.store, ctx.app.qa, answerId, callerOf(i));
  const where = e.answer.threadId ?? e.answer.channelId;
  const link = `https://discord.com/channels/${e.answer.tenantId}/${where}`;
  await ctx.rest.post(Routes.channelMessages(e.channelId), {
    body: { content: escalationText(e, link).slice(0, 2000), allowed_mentions: { parse: [] } },
  });
  await i.editReply(
    textMessage(
      "Passed to a human",
      `Your question is in <#${e.channelId}>; someone will follow up there.`,
      "ok",
    ),
  );
};

export const BUTTONS: Record<string, ButtonHandler> = {
  "qa:up": vote("helpful"),
  "qa:down": vote("unhelpful"),
  "qa:human": askHuman,
  "act:confirm": confirm,
  "act:cancel": cancelAction,
  "job:cancel": cancelJob,
  "img:reroll": (i, ctx, id) => fromImage(i, ctx, id, "reroll"),
  "img:upscale": (i, ctx, id) => fromImage(i, ctx, id, "upscale"),
  "img:vary": (i, ctx, id) => fromImage(i, ctx, id, "vary"),
};

/** Buttons that edit the (ephemeral) message they sit on with deferUpdate; the others get a private deferred reply. */
export const UPDATES_IN_PLACE = new Set(["act:confirm", "act:cancel"]);
