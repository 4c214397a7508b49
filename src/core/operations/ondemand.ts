import { z } from "zod";
import { usageError } from "../errors.js";
import { pollUntilDone as poll } from "../theta/ondemand-poll.js";
import type { ServiceSummary } from "../theta/ondemand-services.js";
import { outputUrls } from "../theta/ondemand-types.js";
import { checkServiceInput, fileFieldProblems } from "../theta/service-input.js";
import { checkUploadSize, type FileInput, fileInput, toUploadSource } from "../theta/upload-source.js";
import { defineOperation, type OperationContext } from "./define.js";
import { uploadProgress } from "./upload-progress.js";

/** Largest file sent for one on-demand input. */
export const MAX_INPUT_FILE_BYTES = 100 * 1024 * 1024;

/**
 * The service as live discovery declares it; an alias that is not live is refused with the list
 * of live ones (when discovery failed, the catalog entry if any, else nothing to check against).
 */
export async function liveService(ctx: OperationContext, alias: string): Promise<ServiceSummary | undefined> {
  const d = await ctx.discover();
  const svc = d.services.find((s) => s.alias === alias);
  if (!svc && d.source === "live") {
    throw usageError(
      "service_not_live",
      `${alias} is not a live on-demand service: one of ${d.services.map((s) => s.alias).join(", ") || "(none live)"}.`,
      { issues: [`service: one of ${d.services.map((s) => s.alias).join(", ")}`] },
    );
  }
  return svc;
}

/** Checks the input against the service's declared fields; nothing is sent when it does not fit. */
export async function checkInferInput(
  ctx: OperationContext,
  i: { service: string; input: Record<string, unknown>; files?: Record<string, unknown> | undefined },
): Promise<void> {
  const svc = await liveService(ctx, i.service);
  if (svc) checkServiceInput(svc, i.input, Object.keys(i.files ?? {}));
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
    const t = targets[field]!;
    const src = sources[field]!;
    await od.upload(t, src, uploadProgress(ctx, src.filename));
    out[field] = t.filename;
  }
  return out;
}

import { serviceQuote } from "./quote.js";

const service = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a service alias such as "flux" (see theta.ondemand.listServices)');
const requestId = z.string().regex(/^infr_rqst_[A-Za-z0-9]+$/, 'an id like "infr_rqst_…"');

export const inferInput = z
  .object({
    service,
    input: z.record(z.string(), z.unknown()).default({}),
    wait: z.number().int().min(0).max(60).optional(),
    prediction: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
    variant: z.string().optional(),
    webhook: z.url({ protocol: /^https$/, error: "webhook must be an https URL" }).optional(),
    /** Files for the service's filename inputs, uploaded through the presigned flow first. */
    files: z.record(z.string(), fileInput).optional(),
  })
  .strict();
export type InferInput = z.output<typeof inferInput>;

export const listServices = defineOperation({
  name: "theta.ondemand.listServices",
  summary: "On-demand services: live discovery, or the bundled catalog when discovery fails",
  input: z
    .object({ category: z.enum(["image", "video", "audio", "text", "vision", "other"]).optional() })
    .strict(),
  families: [],
  optionalFamilies: ["ondemand"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const d = await ctx.client.ondemandPublic.discover();
    const services = i.category ? d.services.filter((s) => s.category === i.category) : d.services;
    return {
      source: d.source,
      category: i.category ?? "all",
      count: services.length,
      services,
      ...(d.fallbackReason
        ? { warning: "live discovery failed; showing the bundled catalog", error: d.fallbackReason }
        : {}),
    };
  },
  render: (r) => {
    const res = r as {
      source: string;
      services: Array<{ alias: string; category: string; name: string; source: string }>;
    };
    return [
      `${res.services.length} services (${res.source}):`,
      ...res.services.map((s) => `  ${s.alias.padEnd(28)} ${s.category.padEnd(7)} ${s.name} [${s.source}]`),
    ].join("\n");
  },
});

export const infer = defineOperation({
  name: "theta.ondemand.infer",
  summary: "Run an on-demand model (image, video, audio, vision, LLM): creates a paid infer request",
  input: inferInput,
  families: ["ondemand"],
  mutating: true,
  paid: true,
  handler: async (i, ctx) => {
    await checkInferInput(ctx, i);
    const od = ctx.client.ondemand;
    const input = { ...i.input, ...(await uploadInputFiles(ctx, i.service, i.prediction, i.files ?? {})) };
    ctx.progress({ stage: "submitting" });
    const { request, quotas } = await od.infer(i.service, {
      input,
      wait: i.wait,
      prediction: i.prediction,
      variant: i.variant,
      webhook: i.webhook,
    });
    return { request, outputUrls: outputUrls(request), ...(quotas ? { quotas } : {}) };
  },
  quote: (i, ctx) => serviceQuote(ctx, i.service),
});

export const uploadInputs = defineOperation({
  name: "theta.ondemand.upload",
  summary: "Upload local files for a service's file inputs; gives the filenames to pass in --input",
  input: z
    .object({
      service,
      prediction: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
      files: z
        .record(z.string(), fileInput)
        .refine((f) => Object.keys(f).length > 0, "give --file field=path"),
    })
    .strict(),
  families: ["ondemand"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => {
    const svc = await liveService(ctx, i.service);
    if (svc) {
      const problems = fileFieldProblems(svc, Object.keys(i.files));
      if (problems.length)
        throw usageError("INVALID_INPUT", `Invalid files for ${svc.alias}: ${problems.join(" ")}`, {
          issues: problems,
        });
    }
    return { service: i.service, input: await uploadInputFiles(ctx, i.service, i.prediction, i.files) };
  },
});

export const status = defineOperation({
  name: "theta.ondemand.status",
  summary: "State and output of an infer request",
  input: z.object({ requestId }).strict(),
  families: ["ondemand"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const request = await ctx.client.ondemand.status(i.requestId);
    return { request, outputUrls: outputUrls(request) };
  },
});

export const pollUntilDone = defineOperation({
  name: "theta.ondemand.pollUntilDone",
  summary: "Poll an infer request until success/error (timeout is a result, not an error)",
  input: z
    .object({
      requestId,
      intervalMs: z.number().int().min(100).max(60_000).optional(),
      timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
      maxAttempts: z.number().int().min(1).max(20_000).optional(),
    })
    .strict(),
  families: ["ondemand"],
  mutating: false,
  paid: false,
  long: true,
  handler: async (i, ctx) => {
    const r = await poll(ctx.client.ondemand, i.requestId, {
      intervalMs: i.intervalMs,
      timeoutMs: i.timeoutMs,
      maxAttempts: i.maxAttempts,
      signal: ctx.signal,
      onProgress: (req, attempt, elapsedMs) =>
        ctx.progress({ stage: req.state, message: `attempt ${attempt}, ${Math.round(elapsedMs / 1000)} s` }),
    });
    return { ...r, outputUrls: outputUrls(r.result) };
  },
});

export const inputPresignedUrls = defineOperation({
  name: "theta.ondemand.inputPresignedUrls",
  summary: "Upload URLs for a service's file inputs (presigned flow)",
  input: z.preprocess(
    (v) => {
      if (!v || typeof v !== "object") return v;
      const o = { ...(v as Record<string, unknown>) };
      const alias =
        o.input_fields ?? o.inputFields ?? (o.input_field === undefined ? undefined : [o.input_field]);
      delete o.input_fields;
      delete o.inputFields;
      delete o.input_field;
      return alias === undefined ? o : { ...o, inputFields: alias };
    },
    z
      .object({
        service,
        inputFields: z.array(z.string().min(1)).optional(),
        prediction: z.string().optional(),
      })
      .strict(),
  ),
  families: ["ondemand"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => {
    let fields = i.inputFields;
    if (!fields?.length) {
      const d = await ctx.client.ondemandPublic.discover();
      fields = d.services.find((s) => s.alias === i.service)?.fileFields ?? [];
      if (!fields.length) {
        throw usageError(
          "MISSING_REQUIRED_FIELD",
          `${i.service} has no file inputs known; pass inputFields.`,
        );
      }
    }
    return {
      service: i.service,
      urls: await ctx.client.ondemand.presignedUrls(i.service, fields, i.prediction),
    };
  },
});
