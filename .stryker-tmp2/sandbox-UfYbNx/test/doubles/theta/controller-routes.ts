/** Controller (prefix /controller): deployments, templates, clusters, storage claims; chatbots delegated. */
// @ts-nocheck

import * as auth from "./auth.js";
import { chatbotRoutes } from "./chatbot-routes.js";
import type { Ctx, Route } from "./context.js";
import { jsonBody, route, runRoutes } from "./context.js";
import {
  customTemplates,
  findTemplate,
  STANDARD_TEMPLATES,
  seedClaims,
  seedClusters,
} from "./controller-seed.js";
import type { Reply } from "./envelope.js";
import { badRequest, empty, fail, forbidden, notFound, ok } from "./envelope.js";
import type { Deployment } from "./state.js";
import { int, iso, now, randId, str } from "./util.js";

function settle(ctx: Ctx): Deployment[] {
  const deps = ctx.core.state.deployments;
  if (ctx.core.state.warmup.length === 0) {
    for (const d of deps) if (d.EndpointStatus === "pending") d.EndpointStatus = "running";
  }
  return deps;
}

function listDeployments(ctx: Ctx): Reply {
  const only = ctx.query.getAll("template_name");
  const not = ctx.query.getAll("not_template_name");
  const out = settle(ctx).filter(
    (d) => (only.length === 0 || only.includes(d.TemplateName)) && !not.includes(d.TemplateName),
  );
  return ok(out.map((d) => ({ ...d })));
}

function createDeployment(ctx: Ctx): Reply {
  const { core } = ctx;
  const b = jsonBody(ctx);
  if (!b) return badRequest("request body must be a JSON object");
  const templateId = str(b.deployment_template_id) ?? "";
  if (!templateId.startsWith("img_")) return badRequest("deployment_template_id is required (img_…)");
  const vmId = str(b.vm_id) ?? "";
  if (!vmId.startsWith("vm_")) return badRequest("vm_id is required (vm_…)");
  const t = findTemplate(templateId, core.opts.projectId);
  const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);
  const d: Deployment = {
    TemplateName: t?.name ?? str(b.name) ?? "Custom Template",
    TemplateID: templateId,
    Endpoint: core.baseUrls.inference,
    Shard: 1 + Math.floor(Math.random() * 4),
    Suffix: randId(8),
    BaseID: randId(20),
    AuthUsername: str(b.auth_username) ?? "",
    AuthPassword: str(b.auth_password) ?? "",
    EndpointStatus: "pending",
    Region: "us-west",
    VmId: vmId,
    CreateTime: iso(now()),
    ProjectID: core.opts.projectId,
    ContainerImage: str(b.container_image) ?? t?.container_images[0] ?? "",
    MinReplicas: num(b.min_replicas, 1),
    MaxReplicas: num(b.max_replicas, 1),
  };
  core.state.deployments.push(d);
  core.state.warmup = [...core.state.warmupTemplate];
  return ok({ ...d });
}

function find(ctx: Ctx, shard: string, suffix: string): Deployment | undefined {
  return ctx.core.state.deployments.find((d) => String(d.Shard) === shard && d.Suffix === suffix);
}

function lifecycle(ctx: Ctx, [shard = "", suffix = "", action = ""]: string[]): Reply {
  if (action !== "stop" && action !== "start")
    return fail(404, `route not found: ${ctx.method} ${ctx.fullPath}`);
  const d = find(ctx, shard, suffix);
  if (!d) return notFound("deployment not found");
  d.EndpointStatus = action === "stop" ? "stopped" : "running";
  return empty();
}

function remove(ctx: Ctx, match: (d: Deployment) => boolean): Reply {
  const deps = ctx.core.state.deployments;
  const i = deps.findIndex(match);
  if (i < 0) return notFound("deployment not found");
  deps.splice(i, 1);
  return empty();
}

function listStandard(ctx: Ctx): Reply {
  const category = ctx.query.get("category");
  const page = Math.max(0, int(ctx.query.get("page"), 0));
  const number = Math.max(1, int(ctx.query.get("number"), 50));
  const all = STANDARD_TEMPLATES.filter((t) => !category || t.category === category);
  return ok({ templates: all.slice(page * number, (page + 1) * number), total_count: all.length });
}

function listClaims(ctx: Ctx): Reply {
  const page = Math.max(1, int(ctx.query.get("page"), 1));
  const number = Math.max(1, int(ctx.query.get("number"), 20));
  const all = seedClaims(ctx.core.opts);
  return ok({ claims: all.slice((page - 1) * number, page * number), total_count: all.length });
}

const deploymentRoutes: Route[] = [
  ...["deployment", "deployments"].flatMap((noun) => [
    route("GET", `/${noun}/list`, listDeployments),
    route("POST", `/${noun}`, createDeployment),
    route("PUT", `/${noun}/:shard/:suffix/:action`, lifecycle),
    route("DELETE", `/${noun}/base/:baseId`, (ctx, [id]) => remove(ctx, (d) => d.BaseID === id)),
    route("DELETE", `/${noun}/:shard/:suffix`, (ctx, [shard = "", suffix = ""]) =>
      remove(ctx, (d) => String(d.Shard) === shard && d.Suffix === suffix),
    ),
  ]),
  route("GET", "/deployment_template/list_standard_templates", listStandard),
  route("GET", "/deployment_template/list_custom_templates", (ctx) =>
    ok({ templates: customTemplates(ctx.core.opts.projectId) }),
  ),
  route("GET", "/cluster/list", (ctx) => ok({ clusters: seedClusters(ctx.core.opts) })),
];

export function handleController(ctx: Ctx): Promise<Reply> | Reply {
  if (ctx.path.replace(/\/$/, "") === "/volume/claim") {
    const rejected = auth.apiKey(ctx);
    if (rejected) return rejected;
    const p = ctx.query.get("projectId");
    if (p === null) return badRequest("projectId is required");
    if (p !== ctx.core.opts.projectId) return forbidden();
    return ctx.method === "GET"
      ? listClaims(ctx)
      : fail(404, `route not found: ${ctx.method} ${ctx.fullPath}`);
  }
  const docGet = ctx.method === "GET" && /^\/chatbot\/[^/]+\/document\/(?!list\/?$)[^/]+\/?$/.test(ctx.path);
  return auth.controller(ctx, docGet) ?? runRoutes([...deploymentRoutes, ...chatbotRoutes], ctx);
}
