// @ts-nocheck
import { z } from "zod";
import { usageError } from "../errors.js";
import { pollUntilDone as poll } from "../theta/ondemand-poll.js";
import { outputUrls } from "../theta/ondemand-types.js";
import { defineOperation } from "./define.js";
import { serviceQuote } from "./quote.js";

const service = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a service alias such as "flux" (see theta.ondemand.listServices)');
const requestId = z.string().regex(/^infr_rqst_[A-Za-z0-9]+$/, 'an id like "infr_rqst_…"');
const fileUpload = z.object({ base64: z.string().min(1), filename: z.string().optional() }).strict();

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
    files: z.record(z.string(), fileUpload).optional(),
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
    const input = { ...i.input };
    const od = ctx.client.ondemand;
    const fields = Object.keys(i.files ?? {});
    if (fields.length) {
      ctx.progress({ stage: "uploading", message: `uploading ${fields.join(", ")}` });
      const targets = await od.presignedUrls(i.service, fields, i.prediction);
      for (const field of fields) {
        const t = targets[field]!;
        await od.upload(t, Buffer.from(i.files![field]!.base64, "base64"));
        input[field] = t.filename;
      }
    }
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
