// @ts-nocheck
import { randomBytes } from "node:crypto";
import { type App, createApp } from "../../app/app.js";
import type { Config } from "../../config.js";
import type { Logger } from "../../core/logger.js";
import type { JobOrigin } from "../../core/present/job-card.js";
import { DeliveryRouter } from "../../jobs/delivery.js";
import { CliDelivery } from "../../jobs/delivery-cli.js";
import type { LedgerEntry } from "../../jobs/ledger.js";
import type { JobSpec } from "../../jobs/service.js";

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
        files: input.files,
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
}

/**
 * Runs one queued operation in this process: an embedded queue with one worker, the configured
 * StateStore for the ledger (so `theta-bot jobs` sees it), results written to `outDir`.
 */
export async function runQueuedOperation(
  config: Config,
  logger: Logger,
  name: string,
  input: Record<string, unknown>,
  o: { outDir: string; stderr: NodeJS.WriteStream },
): Promise<JobRun> {
  const cli = new CliDelivery(o.outDir, o.stderr);
  const app: App = await createApp(config, {
    logger,
    embeddedQueue: true,
    delivery: new DeliveryRouter().register("cli", cli),
  });
  try {
    await app.jobs.startWorkers(app.deps, 1, []);
    const id = `cli-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
    await app.jobs.submit(specFor(name, input, id));
    const entry = await app.jobs.waitFor(id);
    return { entry, files: cli.written.get(id) ?? [] };
  } finally {
    await app.close(5000);
  }
}
