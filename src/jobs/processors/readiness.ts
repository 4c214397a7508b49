import { pollDelay } from "../../core/backoff.js";
import type { JobContext, StepResult } from "../queue/job-queue.js";
import { clientFor, type JobDeps, ledgerEntry } from "./deps.js";
import { deliver, errorInfo, finish } from "./finish.js";
import { cancelIfAsked, progress } from "./progress.js";

export interface ReadinessJobData {
  probe: "openai" | "gradio";
  /** How long warm-up may take, from the job's creation (default THETA_INFERENCE_READY_TIMEOUT_MS). */
  deadlineMs?: number | undefined;
  step?: number | undefined;
  statuses?: Array<number | string> | undefined;
}

/**
 * Waits for a dedicated endpoint after a deployment create: one authenticated probe per step,
 * 404/500/502/503/504 are warm-up, ready → the requester is told, deadline → a clear failure.
 * Nothing here costs money, so every probe may be repeated.
 */
export async function readinessStep(ctx: JobContext<ReadinessJobData>, deps: JobDeps): Promise<StepResult> {
  const e = await ledgerEntry(deps, ctx.id);
  await cancelIfAsked(ctx, deps, e);
  if (e.state === "done" || e.state === "delivering") return deliver(deps, e, "success", "any");
  if (e.state !== "queued" && e.state !== "submitted") return { kind: "done", result: { state: e.state } };
  const d = ctx.data;
  const cur =
    e.state === "queued"
      ? ((await deps.ledger.transition(e.id, ["queued"], "submitted", { submittedAt: Date.now() })) ?? e)
      : e;
  try {
    const inference = (await clientFor(deps, e.origin, ["inference"])).inference;
    const r = await inference.probe(d.probe);
    const statuses = [...(d.statuses ?? []), r.ready ? "ok" : r.status];
    if (r.ready) {
      const done = await deps.ledger.transition(e.id, ["submitted"], "done", {
        text: `The endpoint ${inference.endpoint} is ready (${statuses.length} probes: ${statuses.join(" → ")}).`,
        outputUrls: [],
      });
      return done ? deliver(deps, done, "success", "any") : { kind: "delay", delayMs: 0 };
    }
    const deadline = d.deadlineMs ?? deps.config.inferenceReady.timeoutMs;
    const elapsed = Date.now() - e.createdAt;
    if (elapsed > deadline) {
      return finish(deps, cur, "failed", {
        code: "theta_endpoint_unready",
        message: `The endpoint was still warming up after ${Math.round(elapsed / 1000)} s (${statuses.join(" → ")}). Large models can take 10–15 minutes; run /theta endpoint ready again later.`,
      });
    }
    const step = (d.step ?? 0) + 1;
    await progress(ctx, deps, cur, { stage: "warming up", message: `probe ${statuses.length}: ${r.status}` });
    const delayMs = Math.min(
      deps.config.inferenceReady.intervalMs,
      pollDelay(step, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
    );
    return { kind: "delay", delayMs, data: { ...d, step, statuses: statuses.slice(-50) } };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    return finish(deps, cur, "failed", errorInfo(err));
  }
}
