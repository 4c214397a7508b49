import { BotError } from "../../core/errors.js";
import { connectionText, costSoFar, elapsedText, gpuOwnerKey } from "../../core/gpu/node-text.js";
import { createBody, type GpuCreateInput, lookupResource } from "../../core/operations/gpu-lifecycle.js";
import { getPolicy } from "../../core/policy/index.js";
import type { ThetaClient } from "../../core/theta/client.js";
import { isFailed, isRunning, readDeployment } from "../../core/theta/gpu-shapes.js";
import type { LedgerEntry } from "../ledger.js";
import type { JobContext, StepResult } from "../queue/job-queue.js";
import { clientFor, type JobDeps, ledgerEntry, tenantOf } from "./deps.js";
import { deliver, errorInfo, finish } from "./finish.js";
import { cancelIfAsked, progress } from "./progress.js";

export interface GpuJobData {
  action: "create" | "start";
  /** create: the operation's input; start: `{ deploymentId }`. */
  input: Record<string, unknown>;
  hourlyUsd?: number | undefined;
  /** Hours counted against the daily cap, and what was reserved for them (set by the action service). */
  hours?: number | undefined;
  reservedUsd?: number | undefined;
  /** How the requester stops it, e.g. "/gpu stop gpud_…" (filled in with the id). */
  stopCommand?: string | undefined;
  runningSince?: number | undefined;
  connectionSent?: boolean | undefined;
  reminded?: boolean | undefined;
  step?: number | undefined;
}

/** Refusals that prove Theta did not start (and will not bill) anything. */
const REFUSED = new Set([
  "theta_capacity",
  "theta_bad_request",
  "theta_unauthorized",
  "theta_not_found",
  "theta_rate_limited",
  "INVALID_INPUT",
  "gpu_price_ceiling_required",
]);

async function readNode(client: ThetaClient, id: string) {
  const body = await client.gpu.getDeployment(id);
  const obj =
    body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return readDeployment({ id, ...((obj.deployment ?? obj) as Record<string, unknown>) }, []);
}

async function submit(
  ctx: JobContext<GpuJobData>,
  deps: JobDeps,
  e: LedgerEntry,
  client: ThetaClient,
): Promise<StepResult> {
  const d = ctx.data;
  const claimed = await deps.ledger.transition(e.id, ["queued"], "submitting");
  if (!claimed) return { kind: "delay", delayMs: 0 };
  await progress(ctx, deps, claimed, { stage: "submitting" });
  let id: string;
  try {
    if (d.action === "create") {
      const input = d.input as GpuCreateInput;
      const resource = await lookupResource(client, input.resource_id, input.region).catch(() => undefined);
      const body = await client.gpu.createDeployment(createBody(input, resource));
      const obj = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
      const dep = readDeployment((obj.deployment ?? obj) as Record<string, unknown>, []);
      if (!dep) {
        return finish(deps, claimed, "ambiguous", {
          code: "ambiguous_submission",
          message:
            "Theta accepted the GPU Node but its answer had no deployment id; check /gpu list before trying again.",
        });
      }
      id = dep.id;
    } else {
      id = String(d.input.deploymentId);
      await client.gpu.action(id, "start");
    }
  } catch (err) {
    if (err instanceof BotError && REFUSED.has(err.code)) {
      return finish(deps, claimed, "failed", {
        code: err.code,
        message: `${err.message} Nothing was started or charged.`,
      });
    }
    if (
      err instanceof BotError &&
      ["theta_timeout", "theta_network_error", "theta_upstream_error"].includes(err.code)
    ) {
      return finish(deps, claimed, "ambiguous", {
        code: "ambiguous_submission",
        message: `The GPU Node request may or may not have reached Theta (${err.message}). It was not sent again; check /gpu list before retrying.`,
      });
    }
    return finish(deps, claimed, "failed", errorInfo(err));
  }
  const o = e.origin;
  await deps.ledger.store.set(gpuOwnerKey(o.platform, o.tenantId, id), o.userId, {
    ttlMs: 30 * 24 * 3600 * 1000,
  });
  const sub = await deps.ledger.transition(e.id, ["submitting"], "submitted", {
    upstreamId: id,
    submittedAt: Date.now(),
  });
  await progress(ctx, deps, sub ?? claimed, { stage: "starting", message: `GPU Node ${id} is starting` });
  return { kind: "delay", delayMs: deps.config.jobs.pollBaseMs, data: { ...d, step: 0 } };
}

/** Ends the watch: the node stopped (or was deleted); the cost is the hourly price over its running time. */
async function ended(deps: JobDeps, e: LedgerEntry, d: GpuJobData, how: string): Promise<StepResult> {
  const ran = d.runningSince ? Date.now() - d.runningSince : 0;
  const cost = costSoFar(d.hourlyUsd, ran) ?? 0;
  const done = await deps.ledger.transition(e.id, ["submitted"], "done", {
    text: `GPU Node ${e.upstreamId} ${how} after ${elapsedText(ran)} running${d.hourlyUsd === undefined ? "" : `, about $${cost.toFixed(2)} at $${d.hourlyUsd.toFixed(2)}/h`}.`,
    outputUrls: [],
    cost: { amount: cost, currency: "USD", source: "hourly-estimate" },
  });
  return done ? deliver(deps, done, "success", "any", false) : { kind: "delay", delayMs: 0 };
}

/** What the watch learned so far, kept in the ledger too so a restarted worker does not repeat it. */
const WATCH_KEYS = ["runningSince", "connectionSent", "reminded", "hourlyUsd"] as const;

async function remember(deps: JobDeps, e: LedgerEntry, d: GpuJobData): Promise<void> {
  const kept = Object.fromEntries(WATCH_KEYS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
  await deps.ledger.transition(e.id, ["submitted"], "submitted", {
    data: { ...(e.data as object), ...kept },
  });
}

async function watch(
  ctx: JobContext<GpuJobData>,
  deps: JobDeps,
  e: LedgerEntry,
  client: ThetaClient,
): Promise<StepResult> {
  const saved = (e.data ?? {}) as GpuJobData;
  const d: GpuJobData = { ...ctx.data };
  for (const k of WATCH_KEYS)
    if (d[k] === undefined && saved[k] !== undefined) Object.assign(d, { [k]: saved[k] });
  const id = e.upstreamId!;
  const stop = (d.stopCommand ?? "stop it").replace("{id}", id);
  let node: Awaited<ReturnType<typeof readNode>>;
  try {
    node = await readNode(client, id);
  } catch (err) {
    if (err instanceof BotError && err.code === "theta_not_found") return ended(deps, e, d, "was deleted");
    // A running node is watched through outages; before it runs, the outer handler applies the deadline.
    if (d.runningSince && err instanceof BotError && err.retriable)
      return { kind: "delay", delayMs: deps.config.gpu.watchIntervalMs };
    throw err;
  }
  const status = node?.status ?? "unknown";
  if (!d.runningSince) {
    if (isFailed(status)) {
      return finish(deps, e, "failed", {
        code: "gpu_node_failed",
        message: `Theta reports GPU Node ${id} as ${status}. It did not start running; delete it with ${stop.replace("stop", "delete")}.`,
      });
    }
    if (!isRunning(status)) {
      const waited = Date.now() - (e.submittedAt ?? e.createdAt);
      if (waited > deps.config.gpu.startDeadlineMs) {
        return finish(deps, e, "failed", {
          code: "gpu_start_deadline",
          message: `GPU Node ${id} was still ${status} after ${elapsedText(waited)}. It may still start and bill; ${stop} if you no longer need it.`,
        });
      }
      const step = (d.step ?? 0) + 1;
      await progress(ctx, deps, e, {
        stage: "starting",
        message: `GPU Node ${id}: ${status} (${elapsedText(waited)})`,
      });
      const delayMs = Math.min(deps.config.jobs.pollMaxMs, deps.config.jobs.pollBaseMs * 1.5 ** step);
      return { kind: "delay", delayMs, data: { ...d, step } };
    }
    const since = Date.now();
    const derived = d.reservedUsd && d.hours ? d.reservedUsd / d.hours : undefined;
    const next = { ...d, runningSince: since, hourlyUsd: node?.pricePerHourUsd ?? d.hourlyUsd ?? derived };
    if (!d.connectionSent && node) {
      await deps.delivery.postPrivate?.(e.origin, {
        jobId: e.id,
        title: `🔑 GPU Node ${node.name ?? id} connection details`,
        text: connectionText(node, next.hourlyUsd, stop),
      });
      next.connectionSent = true;
    }
    await progress(ctx, deps, e, {
      stage: "running",
      message: `GPU Node ${id} is running · 0 s · $0.00 so far`,
    });
    await remember(deps, e, next);
    return { kind: "delay", delayMs: deps.config.gpu.watchIntervalMs, data: next };
  }
  if (!isRunning(status)) return ended(deps, e, d, status === "stopped" ? "was stopped" : `is ${status}`);
  const ran = Date.now() - d.runningSince;
  const cost = costSoFar(d.hourlyUsd, ran);
  const policy = tenantOf(e.origin) ? await getPolicy(deps.ledger.store, tenantOf(e.origin)!) : undefined;
  const max = policy?.gpuMaxHours;
  if (max !== undefined && ran >= max * 3_600_000 && !d.reminded) {
    const autoStop = policy?.gpuAutoStop === true;
    await deps.delivery.postPrivate?.(e.origin, {
      jobId: e.id,
      title: `⏰ GPU Node ${id} has run ${elapsedText(ran)}`,
      text: `It passed this ${e.origin.platform === "slack" ? "workspace" : "server"}'s limit of ${max} h${cost === undefined ? "" : ` and has cost about $${cost.toFixed(2)}`}. ${autoStop ? "The policy stops it now." : `It keeps running (and billing) until you ${stop}.`}`,
    });
    if (autoStop) {
      await client.gpu.action(id, "stop");
      return ended(deps, e, { ...d }, "was stopped by the policy's time limit");
    }
    await remember(deps, e, { ...d, reminded: true });
    return { kind: "delay", delayMs: deps.config.gpu.watchIntervalMs, data: { ...d, reminded: true } };
  }
  await progress(ctx, deps, e, {
    stage: "running",
    message: `GPU Node ${id} is running · ${elapsedText(ran)} · ${cost === undefined ? "price unknown" : `$${cost.toFixed(2)} so far`}`,
  });
  return { kind: "delay", delayMs: deps.config.gpu.watchIntervalMs };
}

/**
 * A GPU Node from create/start to stop: submits once (the paid POST is never repeated), polls
 * until it runs (or fails, or the start deadline passes), sends the connection details privately
 * to the requester, then keeps its card current (elapsed time, cost so far) until it stops;
 * the policy's maximum running time brings a reminder and, if set, a stop.
 */
export async function gpuNodeStep(ctx: JobContext<GpuJobData>, deps: JobDeps): Promise<StepResult> {
  const e = await ledgerEntry(deps, ctx.id);
  await cancelIfAsked(ctx, deps, e);
  if (e.state === "done" || e.state === "delivering") return deliver(deps, e, "success", "any", false);
  if (e.state !== "queued" && e.state !== "submitted") return { kind: "done", result: { state: e.state } };
  try {
    const client = await clientFor(deps, e.origin, ["controller"]);
    if (e.state === "queued") return await submit(ctx, deps, e, client);
    return await watch(ctx, deps, e, client);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    if (e.state === "queued") return finish(deps, e, "failed", errorInfo(err));
    const running = Boolean(ctx.data.runningSince ?? (e.data as GpuJobData | undefined)?.runningSince);
    const waited = Date.now() - (e.submittedAt ?? e.createdAt);
    // Before it runs, errors count against the start deadline; a running node is watched until it stops.
    if (!running && waited > deps.config.gpu.startDeadlineMs) {
      const info = errorInfo(err);
      return finish(deps, e, "failed", {
        code: info.code,
        message: `GPU Node ${e.upstreamId} could not be checked for ${Math.round(waited / 1000)} s (${info.message}). It may still start and bill; check /gpu list.`,
      });
    }
    deps.logger.warn({ err, job: e.id }, "gpu node watch step failed; retrying later");
    return { kind: "delay", delayMs: deps.config.gpu.watchIntervalMs };
  }
}
