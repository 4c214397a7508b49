import type { z } from "zod";
import { gpuOwnerKey } from "../gpu/node-text.js";
import { createInput } from "../operations/gpu-lifecycle.js";
import type { Policy } from "../policy/index.js";
import type { StateStore } from "../store/index.js";
import type { PaidRequest } from "./actions.js";
import type { Caller } from "./caller.js";

/** How the requester stops a node on each platform ("{id}" is filled in by the job). */
export const STOP_COMMAND = { discord: "/gpu stop id:{id}", slack: "/theta gpu stop {id}" } as const;

/** Hours counted against the daily cap: what was asked, else the policy's limit, else 1. */
export const expectedHours = (asked: number | undefined, policy: Pick<Policy, "gpuMaxHours">) =>
  asked ?? policy.gpuMaxHours ?? 1;

export type GpuCreateOptions = Omit<z.input<typeof createInput>, "hours"> & { hours: number };

export function gpuCreateRequest(caller: Caller, o: GpuCreateOptions): PaidRequest {
  const input = createInput.parse(o);
  const details = [
    { name: "Resource", value: input.resource_id },
    { name: "Template", value: input.deployment_template_id },
    { name: "Image", value: input.container_image },
    ...(input.region ? [{ name: "Region", value: input.region }] : []),
    ...(input.max_price_per_hour_usd
      ? [{ name: "Price ceiling", value: `$${input.max_price_per_hour_usd}/h` }]
      : []),
    { name: "Counted for", value: `${input.hours} h (the daily cap)` },
  ];
  return {
    title: `GPU Node ${input.name ?? ""} on ${input.resource_id}`.replace("  ", " "),
    details,
    operation: "theta.gpu.deployments.create",
    input,
    job: {
      kind: "gpu",
      service: "gpu-node",
      data: { action: "create", input, hours: input.hours, stopCommand: STOP_COMMAND[caller.platform] },
    },
  };
}

export function gpuStartRequest(caller: Caller, deploymentId: string, hours: number): PaidRequest {
  return {
    title: `Start GPU Node ${deploymentId}`,
    details: [
      { name: "GPU Node", value: deploymentId },
      { name: "Counted for", value: `${hours} h (the daily cap)` },
    ],
    operation: "theta.gpu.deployments.start",
    input: { deploymentId, hours },
    job: {
      kind: "gpu",
      service: "gpu-node",
      data: { action: "start", input: { deploymentId }, hours, stopCommand: STOP_COMMAND[caller.platform] },
    },
  };
}

/** Stop and delete cost nothing but are confirmed by the requester like paid actions. */
export function gpuEndRequest(deploymentId: string, what: "stop" | "delete"): PaidRequest {
  return {
    title: what === "stop" ? `Stop GPU Node ${deploymentId}` : `Delete GPU Node ${deploymentId} (permanent)`,
    details: [
      { name: "GPU Node", value: deploymentId },
      {
        name: what === "stop" ? "Effect" : "Warning",
        value:
          what === "stop"
            ? "Hourly billing stops; it can be started again."
            : "Deleting is permanent: the node and its disk cannot be restored.",
      },
    ],
    operation: what === "stop" ? "theta.gpu.deployments.stop" : "theta.gpu.deployments.delete",
    input: { deploymentId },
  };
}

/** Connection details are the requester's (and admins'): anyone else sees status only. */
export async function mayConnect(store: StateStore, caller: Caller, deploymentId: string): Promise<boolean> {
  if (caller.isAdmin) return true;
  return (await store.get(gpuOwnerKey(caller.platform, caller.tenantId, deploymentId))) === caller.userId;
}
