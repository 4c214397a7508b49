import { backoffDelay, pollDelay } from "../../core/backoff.js";
import { BotError } from "../../core/errors.js";
import { catalogEntry } from "../../core/theta/ondemand-catalog.js";
import { deadlineFor } from "../../core/theta/ondemand-poll.js";
import {
  type InferRequest,
  isTerminal,
  outputText,
  outputUrls,
  requestError,
} from "../../core/theta/ondemand-types.js";
import { hookUrl, nextPollDelay } from "../completion-hooks.js";
import type { LedgerEntry } from "../ledger.js";
import type { MediaKind } from "../media.js";
import type { JobContext, StepResult } from "../queue/job-queue.js";
import { isStoreOutage, persistThroughOutage } from "../store-retry.js";
import { clientFor, type JobDeps, ledgerEntry } from "./deps.js";
import { deliver, errorInfo, finish } from "./finish.js";
import { resolveFiles } from "./inputs.js";
import { cancelIfAsked, progress } from "./progress.js";
import { submitFailure } from "./submit-outcome.js";

export interface OndemandJobData {
  service: string;
  input: Record<string, unknown>;
  prediction?: string | undefined;
  variant?: string | undefined;
  /** Inputs for the service's file fields: fetched (URL) or decoded (base64), then uploaded. */
  files?: Record<string, { url: string } | { base64: string; filename?: string | undefined }> | undefined;
  mediaKind?: MediaKind | undefined;
  /** Overrides the service-aware deadline (ms from submission). */
  deadlineMs?: number | undefined;
  step?: number | undefined;
  /** Theta's id when it was accepted but the ledger could not record it yet (store outage). */
  upstreamId?: string | undefined;
}

/** Cost of a finished request from cost_usd {input, output}. */
function costOf(req: InferRequest): LedgerEntry["cost"] {
  const c = req.cost_usd as { input?: unknown; output?: unknown } | undefined;
  const amount = (Number(c?.input) || 0) + (Number(c?.output) || 0);
  return amount > 0 ? { amount, currency: "USD", source: "theta" } : undefined;
}

function kindOf(d: OndemandJobData): MediaKind {
  if (d.mediaKind) return d.mediaKind;
  const cat = catalogEntry(d.service)?.category;
  return cat === "image" || cat === "video" || cat === "audio" ? cat : cat === "vision" ? "image" : "any";
}

async function submit(ctx: JobContext<OndemandJobData>, deps: JobDeps, e: LedgerEntry): Promise<StepResult> {
  const d = ctx.data;
  const cfg = deps.config.jobs;
  const od = (await clientFor(deps, e.origin, ["ondemand"])).ondemand;
  const input = { ...d.input };
  if (d.files && Object.keys(d.files).length) {
    await progress(ctx, deps, e, { stage: "uploading" });
    Object.assign(input, await resolveFiles(deps, od, d, e));
  }
  // The card says "submitting" before the claim: nothing slow may sit between the claim and the
  // POST, or a crash during a chat edit would leave a never-sent job looking ambiguous.
  await progress(ctx, deps, e, { stage: "submitting" });
  const claimed = await deps.ledger.transition(e.id, ["queued"], "submitting");
  if (!claimed) return { kind: "delay", delayMs: 0 }; // another worker moved it: re-read next run
  let req: InferRequest;
  try {
    ({ request: req } = await od.infer(d.service, {
      input,
      wait: 0,
      prediction: d.prediction,
      variant: d.variant,
      webhook: deps.config.webhooks ? hookUrl(deps.config.webhooks, e.id) : undefined,
    }));
  } catch (err) {
    if (err instanceof BotError && (err.code === "theta_capacity" || err.code === "theta_rate_limited")) {
      // Refused before acceptance: nothing was charged, so the job may be submitted again later.
      const retries = (claimed.capacityRetries ?? 0) + 1;
      const waitMs = backoffDelay({
        attempt: retries - 1,
        baseMs: cfg.pollBaseMs * 2,
        maxMs: cfg.pollMaxMs * 9,
        retryAfterSeconds: err.retryAfterSeconds,
      });
      if (Date.now() + waitMs - claimed.createdAt > cfg.capacityDeadlineMs) {
        return finish(deps, claimed, "failed", {
          code: err.code,
          message: `Theta had no capacity for ${d.service} for ${Math.round(cfg.capacityDeadlineMs / 60000)} minutes; nothing was charged. Try again later or another model.`,
        });
      }
      const back = await deps.ledger.transition(e.id, ["submitting"], "queued", { capacityRetries: retries });
      await progress(ctx, deps, back ?? claimed, {
        stage: err.code === "theta_capacity" ? "capacity" : "rate-limited",
        message: `retry ${retries} in ${Math.ceil(waitMs / 1000)} s`,
      });
      return { kind: "delay", delayMs: waitMs };
    }
    const f = submitFailure(err, d.service, "Check your Theta dashboard before retrying.");
    return finish(deps, claimed, f.to, f.error);
  }
  const recorded = { upstreamId: req.id, submittedAt: Date.now() };
  // Theta accepted (and will bill) the request: its id must reach the ledger even through a short
  // store outage; if it cannot, the id rides in the job data so the next run resumes polling.
  try {
    // Already finished (sync services): record the id and the result in one step.
    if (req.state === "success") {
      return await persistThroughOutage(() =>
        settle(ctx, deps, { ...claimed, ...recorded }, req, "submitting"),
      );
    }
    const sub = await persistThroughOutage(() =>
      deps.ledger.transition(e.id, ["submitting"], "submitted", recorded),
    );
    if (!sub) return { kind: "delay", delayMs: 0 };
    return await afterSubmit(ctx, deps, sub, req);
  } catch (err) {
    if (!isStoreOutage(err)) throw err;
    return { kind: "delay", delayMs: 2000, data: { ...d, upstreamId: req.id } };
  }
}

async function afterSubmit(
  ctx: JobContext<OndemandJobData>,
  deps: JobDeps,
  sub: LedgerEntry,
  req: InferRequest,
): Promise<StepResult> {
  const d = ctx.data;
  const cfg = deps.config.jobs;
  if (isTerminal(req.state)) return settle(ctx, deps, sub, req);
  await progress(ctx, deps, sub, { stage: req.state });
  const delayMs = await nextPollDelay(
    deps.config,
    deps.ledger.store,
    sub.id,
    pollDelay(1, cfg.pollBaseMs, cfg.pollMaxMs),
  );
  return { kind: "delay", delayMs, data: { ...d, step: 1 } };
}

async function settle(
  ctx: JobContext<OndemandJobData>,
  deps: JobDeps,
  e: LedgerEntry,
  req: InferRequest,
  from: "submitted" | "submitting" = "submitted",
): Promise<StepResult> {
  if (req.state !== "success") {
    return finish(deps, e, "failed", {
      code: "theta_request_failed",
      message: `${ctx.data.service} failed on Theta: ${requestError(req) ?? req.state}`,
    });
  }
  const done = await deps.ledger.transition(e.id, [from], "done", {
    upstreamId: req.id,
    submittedAt: e.submittedAt,
    outputUrls: outputUrls(req),
    text: outputText(req),
    cost: costOf(req),
  });
  if (!done) return { kind: "delay", delayMs: 0 };
  deps.events?.onFinished?.({
    kind: "ondemand",
    service: ctx.data.service,
    outcome: "success",
    seconds: (Date.now() - e.createdAt) / 1000,
    tenant: `${e.origin.platform}:${e.origin.tenantId}`,
    ...(done.cost ? { costUsd: done.cost.amount } : {}),
  });
  await progress(ctx, deps, done, { stage: "delivering" });
  return deliver(deps, done, "success", kindOf(ctx.data));
}

async function poll(ctx: JobContext<OndemandJobData>, deps: JobDeps, e: LedgerEntry): Promise<StepResult> {
  const d = ctx.data;
  const cfg = deps.config.jobs;
  const od = (await clientFor(deps, e.origin, ["ondemand"])).ondemand;
  const deadline = d.deadlineMs ?? deadlineFor(d.input, cfg.deadlineMs);
  const elapsed = Date.now() - (e.submittedAt ?? e.createdAt);
  const step = (d.step ?? 1) + 1;
  let req: InferRequest | undefined;
  let pollError: BotError | undefined;
  try {
    req = await od.status(e.upstreamId!);
  } catch (err) {
    // A failed poll is no reason to stop polling, but it never outlives the deadline either.
    if (!(err instanceof BotError) || !err.retriable || isStoreOutage(err)) throw err;
    pollError = err;
  }
  if (req && isTerminal(req.state)) return settle(ctx, deps, e, req);
  if (elapsed > deadline) {
    const lastSeen = req
      ? `it was still ${req.state}`
      : // Stryker disable next-line OptionalChaining: equivalent, without a request the status call threw and pollError holds that error (a status answer always carries at least one request)
        `its status could not be read (${pollError?.message})`;
    return finish(deps, e, "failed", {
      code: "job_deadline",
      message:
        `Theta has not finished ${d.service} after ${Math.round(elapsed / 1000)} s and ${lastSeen}; it may still finish and be billed. ` +
        `Fetch it later with \`theta-bot op theta.ondemand.pollUntilDone --requestId ${e.upstreamId}\` (or /theta jobs show ${e.id}).`,
    });
  }
  const stage = req ? req.state : "polling";
  await progress(ctx, deps, e, {
    stage,
    etaMs: Math.max(0, deadline / 4 - elapsed),
    ...(pollError ? { message: `status check failed, retrying (${pollError.code})` } : {}),
  });
  const delayMs = await nextPollDelay(
    deps.config,
    deps.ledger.store,
    e.id,
    pollDelay(step, cfg.pollBaseMs, cfg.pollMaxMs),
  );
  return {
    kind: "delay",
    delayMs: Math.min(delayMs, Math.max(0, deadline - elapsed) + 50),
    data: { ...d, step },
  };
}

/** One step of an on-demand job; the ledger state decides what the step does. */
export async function ondemandStep(ctx: JobContext<OndemandJobData>, deps: JobDeps): Promise<StepResult> {
  let e: LedgerEntry;
  try {
    e = await ledgerEntry(deps, ctx.id);
  } catch (err) {
    if (isStoreOutage(err)) return { kind: "delay", delayMs: 2000 };
    throw err;
  }
  await cancelIfAsked(ctx, deps, e);
  try {
    switch (e.state) {
      case "queued":
        return await submit(ctx, deps, e);
      case "submitting":
        if (ctx.data.upstreamId) {
          // The id was kept in the job data during a store outage: record it and resume polling.
          await deps.ledger.transition(e.id, ["submitting"], "submitted", {
            upstreamId: ctx.data.upstreamId,
            submittedAt: Date.now(),
          });
          return { kind: "delay", delayMs: 0 };
        }
        // A previous run claimed the submission and died before recording Theta's answer.
        return await finish(deps, e, "ambiguous", {
          code: "ambiguous_submission",
          message: `A worker stopped while submitting to ${ctx.data.service}; it was not submitted again, so you are not charged twice. Check your Theta dashboard before retrying.`,
        });
      case "submitted":
        return await poll(ctx, deps, e);
      case "done":
      case "delivering":
        return await deliver(deps, e, "success", kindOf(ctx.data));
      default:
        return { kind: "done", result: { state: e.state } };
    }
  } catch (err) {
    // Redis briefly away: nothing is decided; the next run reads the ledger again.
    if (isStoreOutage(err)) return { kind: "delay", delayMs: 2000 };
    if (ctx.signal.aborted) throw err;
    deps.logger.error({ err, job: ctx.id }, "job step failed");
    const cur = (await deps.ledger.get(ctx.id)) ?? e;
    if (
      cur.state === "queued" ||
      cur.state === "submitted" ||
      cur.state === "done" ||
      cur.state === "delivering"
    ) {
      return finish(deps, cur, "failed", errorInfo(err));
    }
    throw err;
  }
}
