/**
 * GPU Node project API (§2.9) under the controller host: `/v1/projects/{project_id}/…`, `x-api-key`
 * only. GPU Nodes start `pending` and turn `running` (or `failed`) after a number of status reads
 * (slow starts); logs and events exist only while running. Answers use `{status:"success", body}`.
 */
import * as auth from "./auth.js";
import type { Ctx, Route } from "./context.js";
import { jsonBody, route, runRoutes } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest, empty, fail, forbidden, notFound, ok } from "./envelope.js";
import { GPU_RESOURCES, GPU_TEMPLATES, PRICING, topUpsSeed, usageHistory } from "./gpu-seed.js";
import { int, iso, now, randId, str } from "./util.js";

export interface GpuNode {
  id: string;
  name: string;
  display_name: string;
  status: "pending" | "running" | "stopped" | "failed";
  resource_id: string;
  region: string;
  deployment_template_id: string;
  container_image: string;
  ssh_port: number;
  http_port: number;
  price_per_hour_usd: number;
  max_price_per_hour_usd: number | null;
  created_at: string;
  started_at: string | null;
  /** status reads left before a pending node settles */
  pendingReads: number;
}

export interface GpuState {
  nodes: Map<string, GpuNode>;
  /** reads of a pending node before it settles (slow start) */
  startReads: number;
  startOutcome: "running" | "failed";
}

export const createGpuState = (): GpuState => ({ nodes: new Map(), startReads: 2, startOutcome: "running" });

const NAME = /^[A-Za-z0-9]{1,20}$/;
const today = () => iso(now()).slice(0, 10);

function view(ctx: Ctx, n: GpuNode) {
  const { pendingReads: _p, ...rest } = n;
  const host = `${n.id}.gpu.double.thetaedgecloud.com`;
  return {
    ...rest,
    connection:
      n.status === "running"
        ? {
            ssh_host: host,
            ssh_port: 30000 + (n.id.charCodeAt(5) % 1000),
            ssh_user: "root",
            http_url: n.http_port ? `https://${n.id}-${n.http_port}.gpu.double.thetaedgecloud.com` : null,
          }
        : null,
    project_id: ctx.core.opts.projectId,
  };
}

function settle(ctx: Ctx, n: GpuNode): void {
  if (n.status !== "pending") return;
  if (n.pendingReads > 0) {
    n.pendingReads -= 1;
    return;
  }
  n.status = ctx.core.state.gpu.startOutcome;
  if (n.status === "running") n.started_at = iso(now());
}

function findResource(id: string, region: string | undefined) {
  return GPU_RESOURCES.find((r) => r.id === id && (!region || r.regions.includes(region)));
}

function create(ctx: Ctx): Reply {
  const b = jsonBody(ctx);
  if (!b) return badRequest("request body must be a JSON object");
  for (const k of ["deployment_template_id", "resource_id", "container_image", "ssh_public_key"]) {
    if (!str(b[k])) return badRequest(`${k} is required`);
  }
  const name = str(b.name) ?? `gpu${randId(6)}`;
  if (!NAME.test(name)) return badRequest("name must match ^[A-Za-z0-9]{1,20}$");
  if (!/^(ssh-|ecdsa-|sk-)/.test(str(b.ssh_public_key) ?? ""))
    return badRequest("ssh_public_key is not an OpenSSH public key");
  const tpl = GPU_TEMPLATES.find((t) => t.id === b.deployment_template_id);
  if (!tpl) return notFound("deployment template not found");
  if (!tpl.container_images.includes(String(b.container_image)))
    return badRequest(`container_image is not allowed by template ${tpl.id}`);
  const region = str(b.region);
  const res = findResource(String(b.resource_id), region);
  if (!res) return notFound("GPU resource not found in that region");
  const ceiling = typeof b.max_price_per_hour_usd === "number" ? b.max_price_per_hour_usd : null;
  if (res.type === "community" && ceiling === null)
    return badRequest("max_price_per_hour_usd is required for community GPU resources");
  if (ceiling !== null && ceiling < res.price_per_hour_usd)
    return fail(
      409,
      `No instances available at max_price_per_hour_usd ${ceiling} (lowest ${res.price_per_hour_usd})`,
    );
  const id = `gpud_${randId(14)}`;
  const node: GpuNode = {
    id,
    name,
    display_name: str(b.display_name) ?? name,
    status: "pending",
    resource_id: res.id,
    region: region ?? res.regions[0] ?? "us-west-1",
    deployment_template_id: tpl.id,
    container_image: String(b.container_image),
    ssh_port: typeof b.ssh_port === "number" ? b.ssh_port : 22,
    http_port: typeof b.http_port === "number" ? b.http_port : tpl.default_http_port,
    price_per_hour_usd: res.price_per_hour_usd,
    max_price_per_hour_usd: ceiling,
    created_at: iso(now()),
    started_at: null,
    pendingReads: ctx.core.state.gpu.startReads,
  };
  ctx.core.state.gpu.nodes.set(id, node);
  return ok(view(ctx, node));
}

function node(ctx: Ctx, id: string): GpuNode | undefined {
  return ctx.core.state.gpu.nodes.get(id);
}

function action(ctx: Ctx, [id = "", act = ""]: string[]): Reply {
  const n = node(ctx, id);
  if (!n) return notFound("GPU deployment not found");
  if (act === "stop") {
    n.status = "stopped";
    n.started_at = null;
  } else if (act === "start") {
    if (n.status === "running" || n.status === "pending")
      return fail(409, "GPU deployment is already running");
    n.status = "pending";
    n.pendingReads = ctx.core.state.gpu.startReads;
  } else return fail(404, `route not found: ${ctx.method} ${ctx.fullPath}`);
  return ok(view(ctx, n));
}

function whileRunning(ctx: Ctx, id: string, make: (n: GpuNode) => unknown): Reply {
  const n = node(ctx, id);
  if (!n) return notFound("GPU deployment not found");
  if (n.status !== "running")
    return fail(409, `GPU deployment is ${n.status}; logs and events need a running node`);
  return ok(make(n));
}

function usage(ctx: Ctx): Reply {
  const end = ctx.query.get("end_date") ?? today();
  const start =
    ctx.query.get("start_date") ?? iso(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000).slice(0, 10);
  const span = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;
  if (!Number.isFinite(span) || span < 1)
    return badRequest("start_date and end_date must be YYYY-MM-DD, start ≤ end");
  if (span > 366) return badRequest("the usage range is at most 366 days");
  const rows = usageHistory(today()).filter((r) => r.date >= start && r.date <= end);
  const byDate = new Map<string, Array<{ category: string; amount_usd: number }>>();
  for (const r of rows)
    byDate.set(r.date, [...(byDate.get(r.date) ?? []), { category: r.category, amount_usd: r.amount_usd }]);
  const daily = [...byDate.entries()].map(([date, categories]) => ({
    date,
    total_usd: Math.round(categories.reduce((a, c) => a + c.amount_usd, 0) * 10000) / 10000,
    categories,
  }));
  const total = Math.round(rows.reduce((a, r) => a + r.amount_usd, 0) * 10000) / 10000;
  return ok({
    project_id: ctx.core.opts.projectId,
    start_date: start,
    end_date: end,
    currency: "USD",
    total_usd: total,
    daily,
  });
}

function topUps(ctx: Ctx): Reply {
  const page = int(ctx.query.get("page"), 1);
  const number = int(ctx.query.get("number"), 20);
  if (page < 1 || number < 1 || number > 100) return badRequest("page starts at 1 and number is 1–100");
  const all = topUpsSeed(ctx.core.opts.orgId);
  return ok({
    top_ups: all.slice((page - 1) * number, page * number),
    total_count: all.length,
    page,
    number,
  });
}

const LOG_LINES = 240;

const routes: Route[] = [
  route("GET", "/gpu-resources", () => ok({ gpu_resources: GPU_RESOURCES })),
  route("GET", "/gpu-resources/:id", (ctx, [id = ""]) => {
    const r = findResource(id, ctx.query.get("region") ?? undefined);
    return r ? ok(r) : notFound("GPU resource not found");
  }),
  route("GET", "/gpu-deployment-templates", () => ok({ templates: GPU_TEMPLATES })),
  route("GET", "/gpu-deployments", (ctx) => {
    const nodes = [...ctx.core.state.gpu.nodes.values()];
    for (const n of nodes) settle(ctx, n);
    return ok({ deployments: nodes.map((n) => view(ctx, n)) });
  }),
  route("POST", "/gpu-deployments", create),
  route("GET", "/gpu-deployments/:id", (ctx, [id = ""]) => {
    const n = node(ctx, id);
    if (!n) return notFound("GPU deployment not found");
    settle(ctx, n);
    return ok(view(ctx, n));
  }),
  route("POST", "/gpu-deployments/:id/:action", action),
  route("DELETE", "/gpu-deployments/:id", (ctx, [id = ""]) =>
    ctx.core.state.gpu.nodes.delete(id) ? empty(204) : notFound("GPU deployment not found"),
  ),
  route("GET", "/gpu-deployments/:id/events", (ctx, [id = ""]) =>
    whileRunning(ctx, id, (n) => ({
      events: ["Scheduled", "Pulling", "Pulled", "Created", "Started"].map((reason, i) => ({
        type: "Normal",
        reason,
        message: `${reason} container for ${n.name} (${n.container_image})`,
        last_timestamp: iso(Date.parse(n.created_at) + i * 1000),
      })),
    })),
  ),
  route("GET", "/gpu-deployments/:id/logs", (ctx, [id = ""]) =>
    whileRunning(ctx, id, (n) => ({
      logs: Array.from(
        { length: LOG_LINES },
        (_, i) =>
          `${iso(Date.parse(n.created_at) + i * 250)} [${n.name}] step ${i}: loss=${(2 / (i + 1)).toFixed(4)}`,
      ).join("\n"),
    })),
  ),
  route("GET", "/billing/balance", (ctx) =>
    ok({ org_id: ctx.core.opts.orgId, balance: ctx.core.state.balance, currency: "USD" }),
  ),
  route("GET", "/billing/usage", usage),
  route("GET", "/billing/top-ups", topUps),
  route("GET", "/billing/pricing", () => ok(PRICING)),
];

export const GPU_LOG_LINES = LOG_LINES;

/** `/v1/projects/{project_id}/…` on the controller host. */
export function handleGpu(ctx: Ctx): Promise<Reply> | Reply {
  const rejected = auth.apiKey(ctx);
  if (rejected) return rejected;
  const m = /^\/v1\/projects\/([^/]+)(\/.*)$/.exec(ctx.path);
  if (!m) return fail(404, `route not found: ${ctx.method} ${ctx.fullPath}`);
  if (decodeURIComponent(m[1] ?? "") !== ctx.core.opts.projectId) return forbidden();
  return runRoutes(routes, { ...ctx, path: m[2] ?? "/" });
}
