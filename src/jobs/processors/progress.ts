import { BotError } from "../../core/errors.js";
import { STAGE_LABEL } from "../../core/present/job-card.js";
import type { LedgerEntry } from "../ledger.js";
import type { JobContext, JobProgress } from "../queue/job-queue.js";
import type { JobDeps } from "./deps.js";
import { notifyFinal, resultOf } from "./finish.js";

const CARD_INTERVAL_MS = 1500;
const lastCard = new Map<string, number>();

/** Reports progress to queue listeners, and to the job card at most about once per 1.5 s. */
export async function progress(
  ctx: JobContext,
  deps: JobDeps,
  e: LedgerEntry,
  p: JobProgress,
): Promise<void> {
  await ctx.progress(p).catch(() => {});
  const now = Date.now();
  const last = lastCard.get(e.id) ?? 0;
  if (now - last < CARD_INTERVAL_MS) return;
  lastCard.set(e.id, now);
  if (lastCard.size > 10_000) lastCard.clear();
  try {
    await deps.delivery.postProgress(e.origin, {
      jobId: e.id,
      title: e.title,
      stage: STAGE_LABEL[p.stage] ?? p.stage,
      percent: p.percent,
      queuePosition: p.queuePosition,
      etaMs: p.etaMs,
      message: p.message,
      cancellable: e.state === "queued" || e.state === "submitting" || e.state === "submitted",
    });
  } catch (err) {
    // A card that cannot be edited must not stop the job; the result is still delivered.
    deps.logger.warn({ err, job: e.id }, "job card update failed");
  }
}

function isCancel(ctx: JobContext): boolean {
  const r = ctx.signal.reason as unknown;
  return ctx.signal.aborted && r instanceof BotError && r.code === "job_cancelled";
}

/**
 * When the requester cancelled: record it, tell them what it means for billing, and end the run
 * by throwing the cancel reason (the queue then marks the job cancelled).
 */
export async function cancelIfAsked(ctx: JobContext, deps: JobDeps, e: LedgerEntry): Promise<void> {
  if (!isCancel(ctx)) return;
  const submitted = e.state !== "queued";
  const message = submitted
    ? `Cancelled. Theta has no cancel route, so request ${e.upstreamId ?? "(unknown id)"} may still finish and be billed; its result will not be posted.`
    : "Cancelled before it reached Theta; nothing was charged.";
  const moved = await deps.ledger.transition(
    e.id,
    ["queued", "submitting", "submitted", "done"],
    "cancelled",
    {
      outcome: "cancelled",
      error: { code: "job_cancelled", message },
    },
  );
  if (moved) {
    await notifyFinal(deps, moved);
    await deps.delivery.postResult(moved.origin, resultOf(moved, "cancelled", message), []);
  }
  throw ctx.signal.reason;
}
