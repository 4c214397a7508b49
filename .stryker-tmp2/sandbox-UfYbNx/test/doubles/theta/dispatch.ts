/** Maps a path to its API family and runs the family handler behind the Cloudflare check. */
// @ts-nocheck

import * as auth from "./auth.js";
import type { Ctx } from "./context.js";
import { handleController } from "./controller-routes.js";
import { handleDedicated } from "./dedicated-routes.js";
import type { Reply } from "./envelope.js";
import { badRequest, fail } from "./envelope.js";
import { handleOndemand } from "./ondemand-routes.js";
import { handleOutputs, handleUpload } from "./outputs-routes.js";
import { handlePlatform } from "./platform-routes.js";
import type { Family } from "./types.js";
import { handleVideo } from "./video-routes.js";

const PREFIXED: Family[] = ["controller", "platform", "ondemand", "video", "dedicated"];
const OUTPUT_ROOTS = ["outputs", "video-cdn", "video-player"];

/** Family of a request path and the path the family's router sees (prefix stripped for the API families). */
export function classify(pathname: string): { family: Family; path: string } {
  const seg = pathname.split("/")[1] ?? "";
  const fam = PREFIXED.find((f) => f === seg);
  if (fam) return { family: fam, path: pathname.slice(seg.length + 1) || "/" };
  if (OUTPUT_ROOTS.includes(seg)) return { family: "outputs", path: pathname };
  if (seg === "gcs") return { family: "upload", path: pathname };
  return { family: "other", path: pathname };
}

export async function dispatch(family: Family, ctx: Ctx): Promise<Reply> {
  // Google Cloud Storage (signed-URL uploads) is not behind Cloudflare; everything else is.
  if (family !== "upload") {
    const blocked = auth.cloudflare(ctx);
    if (blocked) return blocked;
  }
  if (ctx.body.malformed) return badRequest("malformed request body: invalid JSON");
  switch (family) {
    case "controller":
      return handleController(ctx);
    case "platform":
      return handlePlatform(ctx);
    case "ondemand":
      return handleOndemand(ctx);
    case "video":
      return handleVideo(ctx);
    case "dedicated":
      return handleDedicated(ctx);
    case "outputs":
      return handleOutputs(ctx);
    case "upload":
      return handleUpload(ctx);
    default:
      return fail(404, `route not found: ${ctx.method} ${ctx.fullPath}`);
  }
}
