// @ts-nocheck
import { z } from "zod";
import { redactValue } from "../redact.js";
import type { ThetaClient } from "../theta/client.js";
import { defineOperation, type Quote } from "./define.js";

const target = z.object({
  shard: z.union([z.string(), z.number().int().nonnegative()]).transform(String),
  suffix: z.string().min(1),
});
const stringMap = z.record(z.string(), z.string());

/** Create payload (seed runtime field names); `payload` may wrap them. */
const createInput = z.preprocess(
  (v) => (v && typeof v === "object" && "payload" in v ? { ...(v as { payload: object }).payload } : v),
  z
    .looseObject({
      deployment_template_id: z
        .string()
        .regex(/^img_/, 'a template id like "img_…" (see theta.deployments.listStandard)'),
      vm_id: z.string().regex(/^vm_/, 'a machine type like "vm_gt1" (see theta.deployments.listVm)'),
      name: z.string().optional(),
      container_image: z.string().optional(),
      min_replicas: z.number().int().min(0).max(64).default(1),
      max_replicas: z.number().int().min(1).max(64).default(1),
      env_vars: stringMap.optional(),
      annotations: stringMap.optional(),
      auth_username: z.string().optional(),
      auth_password: z.string().optional(),
      registry_username: z.string().optional(),
      registry_password: z.string().optional(),
      password: z.string().optional(),
    })
    .refine((p) => p.max_replicas >= p.min_replicas, { message: "max_replicas must be ≥ min_replicas" }),
);

const PRICE_KEYS = ["price_hour", "price_per_hour", "hourly_price", "price"];

/** Hourly price of a machine type from the public VM catalog, when it lists one. */
export async function vmQuote(client: ThetaClient, vmId: string, replicas: number): Promise<Quote> {
  const vms = await client.platform.listVms().catch(() => []);
  const vm = vms.find((v) => v.id === vmId);
  const raw = vm ? PRICE_KEYS.map((k) => vm[k]).find((p) => p !== undefined) : undefined;
  const price = typeof raw === "string" ? Number(raw) : typeof raw === "number" ? raw : undefined;
  if (price === undefined || !Number.isFinite(price)) {
    return {
      currency: "USD",
      display: `billed per hour while running (${vmId}${vm ? ` ${String(vm.name ?? "")}` : ""}; no price listed)`,
      source: "unknown",
      basis: "the VM catalog lists no hourly price for this machine type",
    };
  }
  const amount = price * Math.max(1, replicas);
  return {
    amount,
    currency: "USD",
    display: `$${amount.toFixed(2)} per hour while running (${replicas} × ${vmId} at $${price.toFixed(2)}/h)`,
    source: "vm-catalog",
    basis: `price_hour of ${vmId} in /resource/vm/list`,
  };
}

export const list = defineOperation({
  name: "theta.deployments.list",
  summary: "Deployments of the project (optional template filters)",
  input: z
    .object({
      templateName: z.union([z.string(), z.array(z.string())]).optional(),
      notTemplateName: z.union([z.string(), z.array(z.string())]).optional(),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const arr = (v: string | string[] | undefined) =>
      v === undefined ? undefined : Array.isArray(v) ? v : [v];
    const r = await ctx.client.controller.listDeployments({
      templateName: arr(i.templateName),
      notTemplateName: arr(i.notTemplateName),
    });
    return { route: r.route, count: r.deployments.length, deployments: r.deployments };
  },
});

export const create = defineOperation({
  name: "theta.deployments.create",
  summary: "Create a deployment from a template on a machine type (billed hourly)",
  input: createInput,
  families: ["controller"],
  mutating: true,
  paid: true,
  long: false,
  handler: async (i, ctx) => {
    const r = await ctx.client.controller.createDeployment(i);
    // The answer echoes AuthPassword; results can reach chat, so it is redacted here.
    return { ...r.handles, response: redactValue(r.response) };
  },
  quote: (i, ctx) => vmQuote(ctx.readClient, i.vm_id, i.min_replicas),
});

export const start = defineOperation({
  name: "theta.deployments.start",
  summary: "Start a stopped deployment (billing resumes)",
  input: target.strict(),
  families: ["controller"],
  mutating: true,
  paid: true,
  handler: (i, ctx) => ctx.client.controller.deploymentAction("start", i.shard, i.suffix),
  quote: async () => ({
    currency: "USD",
    display: "billed per hour at the deployment's machine rate while running",
    source: "unknown",
    basis: "the rate of the machine type the deployment was created on",
  }),
});

export const stop = defineOperation({
  name: "theta.deployments.stop",
  summary: "Stop a deployment (stops hourly billing; keeps it for a later start)",
  input: target.strict(),
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: (i, ctx) => ctx.client.controller.deploymentAction("stop", i.shard, i.suffix),
});

export const remove = defineOperation({
  name: "theta.deployments.delete",
  summary: "Delete a deployment by shard + suffix (or deploymentId = BaseID)",
  input: z.union([target.strict(), z.object({ deploymentId: z.string().min(1) }).strict()]),
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: (i, ctx) => ctx.client.controller.deleteDeployment(i),
});

export const listVm = defineOperation({
  name: "theta.deployments.listVm",
  summary: "Machine types (GPU catalog) — public",
  input: z.object({}).strict(),
  families: [],
  optionalFamilies: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const vms = await ctx.client.platform.listVms();
    return { count: vms.length, vms };
  },
});

export const listStandard = defineOperation({
  name: "theta.deployments.listStandard",
  summary: "Standard deployment templates (category serving or prototyping; page or all)",
  input: z
    .object({
      category: z.enum(["serving", "prototyping"]).optional(),
      page: z.number().int().min(0).optional(),
      number: z.number().int().min(1).max(100).optional(),
      all: z.boolean().default(false),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const templates = i.all
      ? await ctx.client.controller.listAllStandardTemplates(i.category)
      : await ctx.client.controller.listStandardTemplates({
          category: i.category,
          page: i.page ?? 0,
          number: i.number ?? 50,
        });
    return { count: templates.length, templates };
  },
});

export const listCustom = defineOperation({
  name: "theta.deployments.listCustom",
  summary: "The project's custom templates",
  input: z.object({}).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const templates = await ctx.client.controller.listCustomTemplates();
    return { count: templates.length, templates };
  },
});
