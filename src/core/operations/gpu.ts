import { z } from "zod";
import { table, usd } from "../gpu/table.js";
import {
  type GpuDeployment,
  type GpuResource,
  type GpuTemplate,
  listOf,
  readDeployment,
  readResource,
  readTemplate,
} from "../theta/gpu-shapes.js";
import { defineOperation } from "./define.js";

export const resourceId = z.string().min(1).max(200);
export const deploymentId = z.string().min(1).max(200);

/** Normalised views plus what was expected and missing; `response` keeps Theta's answer whole. */
export function resourcesOf(body: unknown) {
  const notes: string[] = [];
  const list = listOf(body, ["gpu_resources", "resources", "items"]);
  if (!list.found) notes.push("the answer has no list of GPU resources");
  const resources = list.items.map((r) => readResource(r, notes)).filter((r): r is GpuResource => !!r);
  return { resources, notes };
}

export function templatesOf(body: unknown) {
  const notes: string[] = [];
  const list = listOf(body, ["gpu_deployment_templates", "templates", "items"]);
  if (!list.found) notes.push("the answer has no list of templates");
  const templates = list.items.map((t) => readTemplate(t, notes)).filter((t): t is GpuTemplate => !!t);
  return { templates, notes };
}

export function deploymentsOf(body: unknown) {
  const notes: string[] = [];
  const list = listOf(body, ["gpu_deployments", "deployments", "items"]);
  if (!list.found) notes.push("the answer has no list of deployments");
  const deployments = list.items.map((d) => readDeployment(d, notes)).filter((d): d is GpuDeployment => !!d);
  return { deployments, notes };
}

const withNotes = (text: string, notes: string[] | undefined) =>
  notes?.length ? `${text}\nNote: ${notes.slice(0, 5).join("; ")}.` : text;

export function renderResources(r: unknown): string {
  const { resources, notes } = r as ReturnType<typeof resourcesOf>;
  if (resources.length === 0) return withNotes("No GPU resources listed.", notes);
  const rows = resources.map((x) => [
    x.id,
    x.name,
    x.kind,
    x.gpuCount && x.gpu ? `${x.gpuCount}× ${x.gpu}` : x.gpu,
    x.regions.join(",") || undefined,
    `${usd(x.pricePerHourUsd)}/h`,
  ]);
  return withNotes(table(["id", "name", "type", "gpu", "regions", "price"], rows, 28), notes);
}

export function renderDeployments(r: unknown): string {
  const { deployments, notes } = r as ReturnType<typeof deploymentsOf>;
  if (deployments.length === 0) return withNotes("No GPU Nodes.", notes);
  const rows = deployments.map((d) => [d.id, d.name, d.status, d.resourceId, usd(d.pricePerHourUsd)]);
  return withNotes(table(["id", "name", "status", "resource", "$/h"], rows, 28), notes);
}

export const resourcesList = defineOperation({
  name: "theta.gpu.resources.list",
  summary: "GPU resources (hosted and community) with hourly prices",
  input: z.object({}).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const body = await ctx.client.gpu.listResources();
    return { ...resourcesOf(body), response: body };
  },
  render: renderResources,
});

export const resourcesGet = defineOperation({
  name: "theta.gpu.resources.get",
  summary: "One GPU resource (region when a hosted id exists in several regions)",
  input: z.object({ resourceId, region: z.string().min(1).max(64).optional() }).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const body = await ctx.client.gpu.getResource(i.resourceId, i.region);
    const notes: string[] = [];
    const obj =
      body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const inner = (obj.resource ?? obj.gpu_resource ?? obj) as Record<string, unknown>;
    const resource = readResource({ id: i.resourceId, ...inner }, notes);
    return { resources: resource ? [resource] : [], notes, response: body };
  },
  render: renderResources,
});

export const templatesList = defineOperation({
  name: "theta.gpu.templates.list",
  summary: "GPU Node templates and their allowed container images",
  input: z.object({}).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const body = await ctx.client.gpu.listTemplates();
    return { ...templatesOf(body), response: body };
  },
  render: (r) => {
    const { templates, notes } = r as ReturnType<typeof templatesOf>;
    if (templates.length === 0) return withNotes("No templates listed.", notes);
    const rows = templates.map((t) => [t.id, t.name, t.images.join(", ")]);
    return withNotes(table(["id", "name", "images"], rows, 60), notes);
  },
});

export const deploymentsList = defineOperation({
  name: "theta.gpu.deployments.list",
  summary: "The project's GPU Nodes, running and stopped",
  input: z.object({}).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const body = await ctx.client.gpu.listDeployments();
    return { ...deploymentsOf(body), response: body };
  },
  render: renderDeployments,
});

export const deploymentsGet = defineOperation({
  name: "theta.gpu.deployments.get",
  summary: "One GPU Node: status and connection details",
  input: z.object({ deploymentId }).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => {
    const body = await ctx.client.gpu.getDeployment(i.deploymentId);
    const notes: string[] = [];
    const obj =
      body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const inner = (obj.deployment ?? obj.gpu_deployment ?? obj) as Record<string, unknown>;
    const deployment = readDeployment({ id: i.deploymentId, ...inner }, notes);
    return { deployment, notes, response: body };
  },
  render: (r) => {
    const { deployment: d, notes } = r as { deployment?: GpuDeployment; notes: string[] };
    if (!d) return withNotes("No such GPU Node.", notes);
    const lines = [
      `${d.name ?? d.id} (${d.id}): ${d.status}`,
      d.resourceId ? `resource: ${d.resourceId}` : undefined,
      d.pricePerHourUsd !== undefined ? `price: ${usd(d.pricePerHourUsd)}/h` : undefined,
      d.connection.ssh ? `ssh: ${d.connection.ssh}` : undefined,
      d.connection.http ? `http: ${d.connection.http}` : undefined,
    ];
    return withNotes(lines.filter(Boolean).join("\n"), notes);
  },
});

/** Events and logs: text as Theta sends it, or one line per entry of a list. */
export function asText(body: unknown): string {
  if (typeof body === "string") return body;
  const list = listOf(body, ["events", "logs", "lines", "items"]);
  if (list.found && list.items.length) {
    return list.items
      .map((e) => {
        const time = e.last_timestamp ?? e.timestamp ?? e.time ?? e.created_at ?? "";
        const kind = e.type ?? e.reason ?? e.level ?? "";
        const msg = e.message ?? e.msg ?? e.line ?? JSON.stringify(e);
        return [time, kind, msg].filter((x) => x !== "").join("  ");
      })
      .join("\n");
  }
  const o = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const text = o.logs ?? o.log ?? o.text ?? o.content;
  if (typeof text === "string") return text;
  if (Array.isArray(text)) return text.map(String).join("\n");
  return body === undefined || body === null ? "" : JSON.stringify(body, null, 2);
}

const textOp = (kind: "events" | "logs", summary: string) =>
  defineOperation({
    name: `theta.gpu.deployments.${kind}`,
    summary,
    input: z.object({ deploymentId }).strict(),
    families: ["controller"],
    mutating: false,
    paid: false,
    handler: async (i, ctx) => {
      const body = await ctx.client.gpu[kind](i.deploymentId);
      return { deploymentId: i.deploymentId, text: asText(body), response: body };
    },
    render: (r) => (r as { text: string }).text || `No ${kind}.`,
  });

export const deploymentEvents = textOp("events", "Recent Kubernetes events of a running GPU Node");
export const deploymentLogs = textOp("logs", "Logs of a running GPU Node");
