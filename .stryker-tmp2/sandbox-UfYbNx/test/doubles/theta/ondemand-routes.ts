/** On-demand model API (prefix /ondemand): discovery, infer requests, presigned input uploads. */
// @ts-nocheck

import * as auth from "./auth.js";
import type { Ctx, Route } from "./context.js";
import { jsonBody, route, runRoutes } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest, forbidden, notFound, ok } from "./envelope.js";
import { serviceJson } from "./ondemand-catalog.js";
import { chatCompletions, createInfer, liveService } from "./ondemand-create.js";
import { inferView, modelQuotas } from "./ondemand-infer.js";
import { findService, SERVICES } from "./ondemand-services.js";
import { iso, now, randId } from "./util.js";

function listServices(ctx: Ctx): Reply {
  const expand = ctx.query.getAll("expand").includes("template_id");
  const services = SERVICES.filter((s) => ctx.core.state.liveServices.has(s.alias)).map((s) =>
    serviceJson(s, expand),
  );
  return ok({ services, pagination: { page: 0, number: services.length, total: services.length } });
}

function getService(ctx: Ctx, [alias = ""]: string[]): Reply {
  const s = liveService(ctx, alias);
  return s ? ok({ services: [serviceJson(s, false)] }) : notFound("service not found");
}

function presigned(ctx: Ctx, [alias = "", pathPrediction]: string[]): Reply {
  const { core } = ctx;
  const s = liveService(ctx, alias);
  if (!s) return notFound("service not found");
  const prediction = pathPrediction ?? ctx.query.get("prediction") ?? s.defaultPrediction;
  const inputs = s.predictions[prediction];
  if (!inputs) return badRequest(`unknown prediction "${prediction}" for service ${s.alias}`);
  const b = jsonBody(ctx);
  let fields: string[];
  if (Array.isArray(b?.input_fields)) {
    fields = b.input_fields.filter((f): f is string => typeof f === "string");
  } else if (typeof b?.input_field === "string") {
    fields = [b.input_field];
  } else {
    fields = Object.entries(inputs)
      .filter(([, v]) => v.type === "filename")
      .map(([k]) => k);
  }
  const t = now();
  const stamp = iso(t).replace(/[-:]/g, "").replace(/\.\d+/, "");
  const byField: Record<string, { url: string; filename: string }> = {};
  for (const field of fields) {
    const filename = `${randId(20)}_${field}`;
    core.state.ondemandUploads.set(filename, { filename, service: s.alias, field, uploaded: false, size: 0 });
    const url =
      `${core.url}/gcs/ondemand/${filename}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=double` +
      `&X-Goog-Date=${stamp}&X-Goog-Expires=900&X-Goog-SignedHeaders=content-type%3Bhost&X-Goog-Signature=${randId(64)}`;
    byField[field] = { url, filename };
  }
  if (core.state.presignedShape === "urls") {
    const urls: Record<string, unknown> = {};
    for (const [f, v] of Object.entries(byField)) urls[f] = { upload_url: v.url, filename: v.filename };
    return ok({ urls });
  }
  const body: Record<string, unknown> = {};
  for (const [f, v] of Object.entries(byField)) body[f] = { presigned_url: v.url, filename: v.filename };
  return ok(body);
}

function getInfer(ctx: Ctx, [id = ""]: string[]): Reply {
  const rec = ctx.core.state.infer.get(id);
  const s = rec && findService(rec.alias);
  if (!rec || !s) return notFound("infer request not found");
  return ok({ infer_requests: [inferView(ctx.core, s, rec)], model_quotas: modelQuotas(ctx.core, s) });
}

function listInfer(ctx: Ctx, [prj = ""]: string[]): Reply {
  if (prj !== ctx.core.opts.projectId) return forbidden();
  const all = [...ctx.core.state.infer.values()].sort((a, b) => b.createdAt - a.createdAt);
  const items = all.flatMap((r) => {
    const s = findService(r.alias);
    return s ? [inferView(ctx.core, s, r)] : [];
  });
  return ok({ infer_requests: items, total_count: items.length });
}

const routes: Route[] = [
  route("GET", "/service/list", listServices),
  route("GET", "/service/:alias", getService),
  route("POST", "/infer_request/chat/completions", chatCompletions),
  route("POST", "/infer_request/:alias/input_presigned_urls", presigned),
  route("POST", "/infer_request/:alias/:prediction/input_presigned_urls", presigned),
  route("POST", "/infer_request/:alias", createInfer),
  route("POST", "/infer_request/:alias/:prediction", createInfer),
  route("GET", "/infer_request/:prj/list", listInfer),
  route("GET", "/infer_request/:id", getInfer),
];

export function handleOndemand(ctx: Ctx): Promise<Reply> | Reply {
  const isPublic = (ctx.method === "GET" || ctx.method === "HEAD") && ctx.path.startsWith("/service/");
  return auth.ondemand(ctx, isPublic) ?? runRoutes(routes, ctx);
}
