import { z } from "zod";
import { usageError } from "../errors.js";
import type { ThetaClient } from "../theta/client.js";
import { GPU_NAME, type GpuCreateBody } from "../theta/gpu.js";
import { type GpuResource, readDeployment, readResource } from "../theta/gpu-shapes.js";
import { defineOperation, type Quote } from "./define.js";
import { deploymentId, resourceId } from "./gpu.js";

/** Hours the bot counts against the daily cap for a node it starts (not sent to Theta). */
const hours = z.number().positive().max(720).default(1);

export const createInput = z
  .object({
    deployment_template_id: z.string().min(1).max(200),
    resource_id: resourceId,
    container_image: z.string().min(1).max(500),
    ssh_public_key: z
      .string()
      .min(16)
      .max(8192)
      .regex(/^(ssh-|ecdsa-|sk-)\S+ \S+/, "an OpenSSH public key such as 'ssh-ed25519 AAAA… you@host'"),
    name: z.string().regex(GPU_NAME, "1–20 letters or digits").optional(),
    display_name: z.string().min(1).max(100).optional(),
    region: z.string().min(1).max(64).optional(),
    ssh_port: z.number().int().min(1).max(65535).optional(),
    http_port: z.number().int().min(0).max(65535).optional(),
    max_price_per_hour_usd: z.number().positive().max(10_000).optional(),
    hours,
  })
  .strict();
export type GpuCreateInput = z.output<typeof createInput>;

const money = (n: number) => `$${n.toFixed(n < 1 ? 3 : 2)}`;

/** The resource a create names, read from Theta (GET, free); undefined when Theta does not know it. */
export async function lookupResource(
  client: ThetaClient,
  id: string,
  region?: string,
): Promise<GpuResource | undefined> {
  const body = await client.gpu.getResource(id, region);
  const obj =
    body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return readResource({ id, ...((obj.resource ?? obj.gpu_resource ?? obj) as Record<string, unknown>) }, []);
}

const isCommunity = (id: string, r: GpuResource | undefined) =>
  r?.kind === "community" || id.startsWith("community");

/** A community GPU needs a price ceiling; the create body carries only Theta's fields. */
export function createBody(i: GpuCreateInput, resource: GpuResource | undefined): GpuCreateBody {
  if (isCommunity(i.resource_id, resource) && i.max_price_per_hour_usd === undefined) {
    const price = resource?.pricePerHourUsd;
    throw usageError(
      "gpu_price_ceiling_required",
      `${i.resource_id} is a community GPU: set max_price_per_hour_usd (the most you will pay per hour${price === undefined ? "" : `; it lists ${money(price)}/h`}).`,
    );
  }
  const { hours: _h, ...body } = i;
  return body;
}

export function hourlyQuote(
  price: number | undefined,
  ceiling: number | undefined,
  h: number,
  what: string,
): Quote {
  const rate = ceiling ?? price;
  if (rate === undefined) {
    return {
      currency: "USD",
      display: `billed per hour while running (${what}; no price listed)`,
      source: "unknown",
      basis: "gpu-resources lists no hourly price for this resource",
    };
  }
  const listed = price === undefined ? "no listed price" : `${money(price)}/h`;
  const cap = ceiling === undefined ? "" : `, ceiling max_price_per_hour_usd ${money(ceiling)}/h`;
  return {
    amount: rate * h,
    currency: "USD",
    display: `${money(rate)} per hour while running (${what}: ${listed}${cap}); ${money(rate * h)} counted for ${h} h`,
    source: "live",
    basis: ceiling === undefined ? "hourly price in gpu-resources" : "the community GPU's price ceiling",
  };
}

export const create = defineOperation({
  name: "theta.gpu.deployments.create",
  summary: "Create a GPU Node from a template on a GPU resource (billed hourly)",
  input: createInput,
  families: ["controller"],
  mutating: true,
  paid: true,
  handler: async (i, ctx) => {
    const resource = await lookupResource(ctx.readClient, i.resource_id, i.region).catch(() => undefined);
    const body = await ctx.client.gpu.createDeployment(createBody(i, resource));
    const obj =
      body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const notes: string[] = [];
    const deployment = readDeployment(
      (obj.deployment ?? obj.gpu_deployment ?? obj) as Record<string, unknown>,
      notes,
    );
    return { deployment, notes, response: body };
  },
  quote: async (i, ctx) => {
    const r = await lookupResource(ctx.readClient, i.resource_id, i.region).catch(() => undefined);
    const ceiling = isCommunity(i.resource_id, r) ? i.max_price_per_hour_usd : undefined;
    return hourlyQuote(r?.pricePerHourUsd, ceiling, i.hours, r?.name ?? i.resource_id);
  },
});

/** The hourly price of a deployment: its own field, else its resource's. */
export async function deploymentPrice(client: ThetaClient, id: string) {
  const body = await client.gpu.getDeployment(id);
  const obj =
    body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const d = readDeployment({ id, ...((obj.deployment ?? obj) as Record<string, unknown>) }, []);
  if (d?.pricePerHourUsd !== undefined) return { price: d.pricePerHourUsd, what: d.resourceId ?? id };
  const r = d?.resourceId ? await lookupResource(client, d.resourceId).catch(() => undefined) : undefined;
  return { price: r?.pricePerHourUsd, what: r?.name ?? d?.resourceId ?? id };
}

const target = z.object({ deploymentId }).strict();

export const start = defineOperation({
  name: "theta.gpu.deployments.start",
  summary: "Start a stopped GPU Node (billing resumes)",
  input: z.object({ deploymentId, hours }).strict(),
  families: ["controller"],
  mutating: true,
  paid: true,
  handler: async (i, ctx) => ({
    deploymentId: i.deploymentId,
    response: await ctx.client.gpu.action(i.deploymentId, "start"),
  }),
  quote: async (i, ctx) => {
    const p = await deploymentPrice(ctx.readClient, i.deploymentId).catch(() => ({
      price: undefined,
      what: i.deploymentId,
    }));
    return hourlyQuote(p.price, undefined, i.hours, p.what);
  },
});

/** Free, but always confirmed: the quote has no amount, so no threshold lets it run unasked. */
const freeQuote = (display: string) => async (): Promise<Quote> => ({
  currency: "USD",
  display,
  source: "unknown",
  basis: "stopping or deleting costs nothing",
});

export const stop = defineOperation({
  name: "theta.gpu.deployments.stop",
  summary: "Stop a GPU Node (hourly billing stops; it can be started again)",
  input: target,
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => ({
    deploymentId: i.deploymentId,
    stopped: true,
    response: await ctx.client.gpu.action(i.deploymentId, "stop"),
  }),
  quote: freeQuote("nothing; hourly billing stops and the node can be started again"),
});

export const remove = defineOperation({
  name: "theta.gpu.deployments.delete",
  summary: "Delete a GPU Node permanently",
  input: target,
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => ({
    deploymentId: i.deploymentId,
    deleted: true,
    response: await ctx.client.gpu.deleteDeployment(i.deploymentId),
  }),
  quote: freeQuote("nothing; deleting is permanent: the node and its disk cannot be restored"),
});
