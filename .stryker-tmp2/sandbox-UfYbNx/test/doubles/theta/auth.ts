/** Credential checks per API family. Each returns a rejection Reply, or undefined when allowed. */
// @ts-nocheck

import type { Ctx } from "./context.js";
import { jsonBody } from "./context.js";
import type { Reply } from "./envelope.js";
import { fail, forbidden, text } from "./envelope.js";

/** Cloudflare "Error 1010": the real hosts reject non-browser User-Agents. */
export function cloudflare(ctx: Ctx): Reply | undefined {
  const ua = ctx.headers["user-agent"] ?? "";
  return ua.includes("Mozilla/") ? undefined : text(403, "error code: 1010");
}

export function apiKey(ctx: Ctx): Reply | undefined {
  return ctx.headers["x-api-key"] === ctx.core.opts.apiKey ? undefined : forbidden();
}

/** The project id a controller call names: query, JSON body or multipart field. */
export function projectOf(ctx: Ctx): string | undefined {
  const q = ctx.query.get("project_id");
  if (q !== null) return q;
  const b = jsonBody(ctx)?.project_id;
  if (typeof b === "string") return b;
  return ctx.body.form?.fields.project_id;
}

/** x-api-key plus the project parameter (optional = only checked when present). */
export function controller(ctx: Ctx, projectOptional = false): Reply | undefined {
  const k = apiKey(ctx);
  if (k) return k;
  const p = projectOf(ctx);
  if (p === undefined && projectOptional) return undefined;
  return p === ctx.core.opts.projectId ? undefined : forbidden();
}

/** On-demand Bearer token; public routes accept no token but still reject a wrong one. */
export function ondemand(ctx: Ctx, isPublic: boolean): Reply | undefined {
  const h = ctx.headers.authorization;
  if (h === undefined || h === "") {
    return isPublic ? undefined : fail(401, "Unauthorized: missing Authorization Bearer token");
  }
  return h === `Bearer ${ctx.core.opts.ondemandToken}` ? undefined : forbidden();
}

export function video(ctx: Ctx): Reply | undefined {
  const id = ctx.headers["x-tva-sa-id"];
  const secret = ctx.headers["x-tva-sa-secret"];
  if (!id || !secret) return fail(401, "Unauthorized: x-tva-sa-id and x-tva-sa-secret are required");
  return id === ctx.core.opts.videoSaId && secret === ctx.core.opts.videoSaSecret ? undefined : forbidden();
}

/** Dedicated endpoint: the configured Basic/Bearer credentials, or the Basic pair of any live deployment. */
export function dedicated(ctx: Ctx): Reply | undefined {
  const h = ctx.headers.authorization ?? "";
  const auth = ctx.core.opts.inferenceAuth;
  let allowed = false;
  if (h.startsWith("Bearer ")) {
    allowed = "token" in auth && h.slice(7) === auth.token;
  } else if (h.startsWith("Basic ")) {
    const decoded = Buffer.from(h.slice(6), "base64").toString("utf8");
    const i = decoded.indexOf(":");
    const user = decoded.slice(0, i);
    const pass = decoded.slice(i + 1);
    allowed =
      i > 0 &&
      (("user" in auth && auth.user === user && auth.pass === pass) ||
        ctx.core.state.deployments.some(
          (d) => d.AuthUsername !== "" && d.AuthUsername === user && d.AuthPassword === pass,
        ));
  }
  if (allowed) return undefined;
  return {
    status: 401,
    headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Basic realm="Restricted"' },
    body: "401 Unauthorized\n",
  };
}
