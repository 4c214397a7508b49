/** Platform API (prefix /platform): VM catalog (public), org balance, project. */
// @ts-nocheck

import * as auth from "./auth.js";
import type { Ctx, Route } from "./context.js";
import { route, runRoutes } from "./context.js";
import type { Reply } from "./envelope.js";
import { forbidden, ok } from "./envelope.js";
import { seedId } from "./util.js";

interface Vm {
  id: string;
  name: string;
  price_hour: number;
  gpu_count: number;
  gpu_model: string;
  gpu_memory_gb: number;
  vcpu: number;
  memory_gb: number;
  available: boolean;
}

const vm = (id: string, name: string, price: number, gpus: number, model: string, mem: number): Vm => ({
  id,
  name,
  price_hour: price,
  gpu_count: gpus,
  gpu_model: model,
  gpu_memory_gb: mem,
  vcpu: 8 * gpus,
  memory_gb: 32 * gpus,
  available: true,
});

export const VMS: Vm[] = [
  vm("vm_gt1", "G-T4_16GB-x1", 0.35, 1, "T4", 16),
  vm("vm_gt2", "G-T4_16GB-x2", 0.7, 2, "T4", 16),
  vm("vm_gv1", "G-V100_32GB-x1", 0.9, 1, "V100", 32),
  vm("vm_gh100x2", "G-H100_80GB-x2", 5.2, 2, "H100", 80),
  vm("vm_gh200x1", "G-H200_141GB-x1", 3.6, 1, "H200", 141),
];

function balance(ctx: Ctx): Reply {
  const rejected = auth.apiKey(ctx);
  if (rejected) return rejected;
  const org = ctx.query.get("orgID");
  if (org !== ctx.core.opts.orgId) return forbidden();
  return ok({ balances: [{ org_id: org, balance: ctx.core.state.balance }] });
}

function project(ctx: Ctx, [prj = ""]: string[]): Reply {
  const rejected = auth.apiKey(ctx);
  if (rejected) return rejected;
  const o = ctx.core.opts;
  if (prj !== o.projectId) return forbidden();
  return ok({
    projects: [
      {
        id: o.projectId,
        name: "Theta Double Project",
        org_id: o.orgId,
        tva_id: o.videoSaId,
        gateway_id: `gw_${seedId(o.projectId, 16)}`,
        create_time: "2026-08-01T12:00:00.000Z",
      },
    ],
  });
}

const routes: Route[] = [
  route("GET", "/resource/vm/list", () => ok({ vms: VMS })),
  route("GET", "/balance", balance),
  route("GET", "/project/:prj", project),
];

export function handlePlatform(ctx: Ctx): Promise<Reply> {
  return runRoutes(routes, ctx);
}
