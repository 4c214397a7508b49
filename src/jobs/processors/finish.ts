import { BotError } from "../../core/errors.js";
import type { JobOutcome, JobResult } from "../../core/present/job-card.js";
import type { MediaItem } from "../delivery.js";
import { LEASE_MS, withLease } from "../lease.js";
import { FINAL_STATES, type LedgerEntry, type LedgerState } from "../ledger.js";
import { fetchMedia, type MediaKind } from "../media.js";
import type { StepResult } from "../queue/job-queue.js";
import type { JobDeps } from "./deps.js";

export function resultOf(e: LedgerEntry, outcome: JobOutcome, text?: string): JobResult {
  return {
    jobId: e.id,
    outcome,
    title: e.title,
    text: text ?? e.text,
    upstreamId: e.upstreamId,
    outputUrls: e.outputUrls ?? [],
    cost: e.cost,
    error: e.error,
  };
}

function mediaItems(deps: JobDeps, urls: string[], kind: MediaKind): MediaItem[] {
  const policy = { outputHosts: deps.config.outputHosts, maxBytes: deps.config.mediaMaxBytes };
  return urls.map((url) => {
    const name = decodeURIComponent(
      new URL(url).pathname.split("/").pop() ??
        // Stryker disable next-line StringLiteral: equivalent, split() always yields an element, so pop() is never undefined
        "output",
    );
    return {
      url,
      filename: name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100) || "output",
      contentType: "application/octet-stream",
      open: async () => (await fetchMedia(url, policy, { kind })).stream,
    };
  });
}

/**
 * Posts the finished job once. Under a short renewed lease, so two live runs never post at the same
 * time, the job is claimed (done → delivering by compare-and-set, which also proves that nobody
 * delivered it meanwhile: no read needed), posted, then recorded delivered. A run that finds it
 * `delivering` (its predecessor died) reads it again once it holds the lease and posts again with
 * the same key; deliveries de-duplicate by job id, so the user sees one result.
 */
export async function deliver(
  deps: JobDeps,
  e: LedgerEntry,
  outcome: JobOutcome,
  kind: MediaKind,
  attach = true,
): Promise<StepResult> {
  // The lease is released only if posting throws (the next run retries). Once the work is done no
  // run can need it again: the record is delivered, or was moved out of `delivering` by another
  // run or a cancel. So it is left to lapse, one command saved.
  const leased = await withLease(
    deps.ledger.store,
    `lease:deliver:${e.id}`,
    async (): Promise<StepResult> => {
      const claimed =
        (e.state === "done" ? await deps.ledger.transition(e.id, ["done"], "delivering") : null) ??
        (await deps.ledger.get(e.id));
      // Delivered (or ended) by another run, or not finished at all: nothing to post.
      if (claimed?.state !== "delivering") return { kind: "done", result: { state: claimed?.state } };
      const result = resultOf(claimed, outcome);
      const media = outcome === "success" && attach ? mediaItems(deps, result.outputUrls, kind) : [];
      await deps.delivery.postResult(claimed.origin, result, media);
      const final = await deps.ledger.transition(e.id, ["delivering"], "delivered", {
        deliveredAt: Date.now(),
        outcome,
      });
      if (final) await notifyFinal(deps, final);
      return { kind: "done", result };
    },
    LEASE_MS,
    () => true,
  );
  if (leased.held) return leased.value;
  // Someone holds the lease: a live run posting right now (look again shortly: it will have
  // finished, or died), or a finished delivery's lease left to lapse (then the job is final).
  const cur = await deps.ledger.get(e.id);
  if (cur && FINAL_STATES.includes(cur.state)) return { kind: "done", result: { state: cur.state } };
  return { kind: "delay", delayMs: LEASE_MS / 3 };
}

/** Ends a job in a final state and tells the requester why (failed, cancelled, ambiguous). */
export async function finish(
  deps: JobDeps,
  e: LedgerEntry,
  to: Extract<LedgerState, "failed" | "cancelled" | "ambiguous">,
  error: { code: string; message: string },
): Promise<StepResult> {
  const outcome: JobOutcome = to === "failed" && error.code === "job_deadline" ? "timeout" : to;
  const moved = await deps.ledger.transition(e.id, [e.state], to, { error, outcome });
  if (!moved) return { kind: "done", result: { state: (await deps.ledger.get(e.id))?.state } };
  await notifyFinal(deps, moved);
  await deps.delivery.postResult(moved.origin, resultOf(moved, outcome), []);
  return { kind: "done", result: resultOf(moved, outcome) };
}

/** Final-state hook (budgets, job slots); its failure never fails the job. */
export async function notifyFinal(deps: JobDeps, e: LedgerEntry): Promise<void> {
  try {
    await deps.events?.onFinal?.(e);
  } catch (err) {
    deps.logger.warn({ err, job: e.id }, "final-state hook failed");
  }
}

export function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof BotError) return { code: err.code, message: err.message };
  return {
    code: "internal_error",
    message: "An unexpected error stopped this job; the operator's log has the details.",
  };
}
