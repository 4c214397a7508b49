import { randomBytes } from "node:crypto";
import { type App, createApp } from "../../app/app.js";
import { type Runtime, runOperation } from "../../core/operations/runner.js";
import type { JobOrigin } from "../../core/present/job-card.js";
import { DeliveryRouter } from "../../jobs/delivery.js";
import { CliDelivery } from "../../jobs/delivery-cli.js";
import type { LedgerEntry } from "../../jobs/ledger.js";
import type { JobSpec } from "../../jobs/service.js";
import { stderrProgress } from "./progress.js";

/** Operations the CLI runs through the job queue (submit once, poll as delayed steps, fetch outputs). */
export const QUEUED_OPERATIONS = new Set(["theta.ondemand.infer", "theta.video.videoCreate"]);

export const CLI_ORIGIN: JobOrigin = { platform: "cli", tenantId: "operator", userId: "operator" };

function specFor(name: string, input: Record<string, unknown>, id: string): JobSpec {
  if (name === "theta.ondemand.infer") {
    const service = String(input.service);
    return {
      id,
      kind: "ondemand",
      title: `${service}`,
      origin: CLI_ORIGIN,
      service,
      data: {
        service,
        input: input.input ?? {},
        prediction: input.prediction,
        variant: input.variant,
      },
    };
  }
  const source = input.source_uri ? { uri: input.source_uri } : { uploadId: input.source_upload_id };
  return {
    id,
    kind: "video",
    title: "video transcode",
    origin: CLI_ORIGIN,
    service: "theta-video",
    data: {
      source,
      playbackPolicy: input.playback_policy,
      resolutions: input.resolutions,
      metadata: input.metadata,
      fileName: input.file_name,
    },
  };
}

export interface JobRun {
  entry: LedgerEntry;
  files: string[];
  /** Where results went when --out could not take them. */
  notes: string[];
}

/**
 * Local files are streamed to their presigned URLs here, before the job (job data is stored and
 * holds no file bytes); the job's input then names them by the filenames Theta gave.
 */
async function uploadFirst(
  rt: Runtime & { stderr: NodeJS.WriteStream },
  name: string,
  input: Record<string, unknown>,
) {
  const files = input.files as Record<string, unknown> | undefined;
  if (name !== "theta.ondemand.infer" || !files || !Object.keys(files).length) return input;
  const progress = stderrProgress(rt.stderr);
  const res = await runOperation(
    rt,
    "theta.ondemand.upload",
    { service: input.service, prediction: input.prediction, files },
    { progress },
  ).finally(() => progress.done());
  const uploaded = (res as { result: { input: Record<string, string> } }).result.input;
  const { files: _sent, ...rest } = input;
  return { ...rest, input: { ...(input.input as object | undefined), ...uploaded } };
}

/**
 * Runs one queued operation in this process: an embedded queue with one worker, the configured
 * StateStore for the ledger (so `theta-bot jobs` sees it), results written to `outDir`.
 */
export async function runQueuedOperation(
  rt: Runtime & { stderr: NodeJS.WriteStream },
  name: string,
  raw: Record<string, unknown>,
  o: { outDir: string },
): Promise<JobRun> {
  const input = await uploadFirst(rt, name, raw);
  const cli = new CliDelivery(o.outDir, rt.stderr);
  const app: App = await createApp(rt.config, {
    logger: rt.logger,
    embeddedQueue: true,
    delivery: new DeliveryRouter().register("cli", cli),
  });
  try {
    await app.jobs.startWorkers(app.deps, 1, []);
    const id = `cli-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
    await app.jobs.submit(specFor(name, input, id));
    const entry = await app.jobs.waitFor(id);
    return { entry, files: cli.written.get(id) ?? [], notes: cli.notes };
  } finally {
    await app.close(5000);
  }
}
