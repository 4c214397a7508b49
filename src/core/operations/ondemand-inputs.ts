import { usageError } from "../errors.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import type { ServiceSummary } from "../theta/ondemand-services.js";
import { checkServiceInput } from "../theta/service-input.js";
import { checkUploadSize, type FileInput, toUploadSource } from "../theta/upload-source.js";
import type { OperationContext } from "./define.js";
import { uploadProgress } from "./upload-progress.js";

/** Largest file sent for one on-demand input. */
export const MAX_INPUT_FILE_BYTES = 100 * 1024 * 1024;

/**
 * The service as discovery declares it; an alias that is not live is refused with the list of
 * live ones (when discovery failed: the catalog entry if any, else nothing to check against).
 */
export function liveService(d: ServiceDiscovery, alias: string): ServiceSummary | undefined {
  const svc = d.services.find((s) => s.alias === alias);
  if (!svc && d.source === "live") {
    const live = d.services.map((s) => s.alias).join(", ") || "(none live)";
    throw usageError(
      "service_not_live",
      `${alias} is not a live on-demand service: one of ${live}. See theta.ondemand.listServices.`,
    );
  }
  return svc;
}

export interface InferInputShape {
  service: string;
  input?: Record<string, unknown> | undefined;
  files?: Record<string, unknown> | undefined;
}

/** Checks an infer's input against the service's declared fields; nothing is sent when it does not fit. */
export function checkInferInputAgainst(d: ServiceDiscovery, i: InferInputShape): void {
  const svc = liveService(d, i.service);
  if (svc) checkServiceInput(svc, i.input ?? {}, Object.keys(i.files ?? {}));
}

export async function checkInferInput(ctx: OperationContext, i: InferInputShape): Promise<void> {
  checkInferInputAgainst(await ctx.discover(), i);
}

/** Streams each file to its presigned URL; returns field → the filename Theta gave it. */
export async function uploadInputFiles(
  ctx: OperationContext,
  service: string,
  prediction: string | undefined,
  files: Record<string, FileInput>,
): Promise<Record<string, string>> {
  const fields = Object.keys(files);
  if (!fields.length) return {};
  const sources = Object.fromEntries(fields.map((f) => [f, toUploadSource(files[f]!, f)]));
  for (const f of fields) checkUploadSize(sources[f]!, MAX_INPUT_FILE_BYTES, `--file ${f}`);
  const od = ctx.client.ondemand;
  const targets = await od.presignedUrls(service, fields, prediction);
  const out: Record<string, string> = {};
  for (const field of fields) {
    const src = sources[field]!;
    await od.upload(targets[field]!, src, uploadProgress(ctx, src.filename));
    out[field] = targets[field]!.filename;
  }
  return out;
}
