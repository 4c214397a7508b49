// @ts-nocheck
import type { webApi } from "@slack/bolt";
import type { Outcome } from "../../core/chat/actions.js";
import type { Caller } from "../../core/chat/caller.js";
import { STAGE_LABEL } from "../../core/present/job-card.js";
import { summarize } from "../../core/present/summarize.js";
import { confirmBlocks, jobCardBlocks, previewBlocks, type SlackMessage, textBlocks } from "./blocks.js";
import type { SlackContext } from "./context.js";
import { saveSlackCard } from "./delivery.js";

/** Sends a private reply (response_url within its limits, else chat.postEphemeral). */
export type Reply = (m: SlackMessage & { replace_original?: boolean }) => Promise<void>;

/** Shows an outcome: the quote or preview privately; a started job as a public card in the channel. */
export async function showOutcome(
  ctx: SlackContext,
  client: webApi.WebClient,
  caller: Caller,
  reply: Reply,
  outcome: Outcome,
): Promise<void> {
  if (outcome.kind === "confirm") return reply(confirmBlocks(outcome.card));
  if (outcome.kind === "preview") return reply(previewBlocks(outcome.card));
  if (outcome.kind === "done")
    return reply({
      ...textBlocks(`✅ ${outcome.title}`, summarize(outcome.result) || "Done."),
      replace_original: true,
    });
  await reply({
    ...textBlocks(outcome.title, `Started as job \`${outcome.jobId}\`; progress is posted in the channel.`),
    replace_original: true,
  });
  if (!outcome.created) return;
  const card = await client.chat.postMessage({
    channel: caller.channelId,
    ...(caller.threadId ? { thread_ts: caller.threadId } : {}),
    ...jobCardBlocks({
      jobId: outcome.jobId,
      title: outcome.title,
      stage: STAGE_LABEL.queued ?? "Queued",
      queuePosition: (await ctx.app.queue.position(outcome.jobId).catch(() => null)) ?? undefined,
      cancellable: true,
    }),
  });
  if (card.ts)
    await saveSlackCard(ctx.app.store, outcome.jobId, {
      channel: card.channel ?? caller.channelId,
      ts: card.ts,
    });
}
