// @ts-nocheck
import type { BlockButtonAction, App as BoltApp } from "@slack/bolt";
import { errorCard } from "../../core/present/error-card.js";
import { ACTIONS, errorBlocks, textBlocks } from "./blocks.js";
import { callerOf, type SlackContext } from "./context.js";
import { showOutcome } from "./outcome.js";

/** Confirm / Cancel on a quote, and Cancel on a job card. Acked first; only the requester may act. */
export function registerActions(bolt: BoltApp, ctx: SlackContext): void {
  const who = (body: BlockButtonAction) =>
    callerOf({
      teamId: body.team?.id ?? body.user.team_id ?? "",
      enterpriseId: body.enterprise?.id,
      userId: body.user.id,
      channelId: body.channel?.id ?? "",
    });

  bolt.action<BlockButtonAction>(ACTIONS.confirm, async ({ ack, body, action, respond, client }) => {
    await ack();
    const caller = who(body);
    try {
      const outcome = await ctx.actions.confirm(action.value ?? "", caller);
      await showOutcome(
        ctx,
        client,
        caller,
        (m) => respond({ response_type: "ephemeral", replace_original: true, ...m }).then(() => {}),
        outcome,
      );
    } catch (err) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...errorBlocks(errorCard(err, ctx.app.logger)),
      });
    }
  });

  bolt.action<BlockButtonAction>(ACTIONS.cancel, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      await ctx.actions.cancel(action.value ?? "", who(body));
      await respond({
        response_type: "ephemeral",
        replace_original: true,
        ...textBlocks("Cancelled", "Nothing was sent to Theta and nothing was charged."),
      });
    } catch (err) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...errorBlocks(errorCard(err, ctx.app.logger)),
      });
    }
  });

  bolt.action<BlockButtonAction>(ACTIONS.cancelJob, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      const r = await ctx.app.jobs.cancel(action.value ?? "", body.user.id, ctx.app.deps);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...textBlocks("Cancel", r.message),
      });
    } catch (err) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...errorBlocks(errorCard(err, ctx.app.logger)),
      });
    }
  });
}
