// @ts-nocheck
import { z } from "zod";
import { FamilyClient } from "./family-client.js";
import { bodyOf, shape } from "./shape.js";
import type { Transport } from "./transport.js";
import { segment } from "./validate.js";

const vmList = z.looseObject({ vms: z.array(z.looseObject({ id: z.string() })).nullish() });
const balances = z.looseObject({
  balances: z.array(
    z.looseObject({ org_id: z.string().optional(), balance: z.union([z.number(), z.string()]) }),
  ),
});
const projects = z.looseObject({ projects: z.array(z.looseObject({ id: z.string() })) });

/** api.thetaedgecloud.com: VM catalog (public), org balance, project. */
export class PlatformClient extends FamilyClient {
  constructor(transport: Transport, base: string, apiKey?: string) {
    super(transport, "platform", base, apiKey ? { "x-api-key": apiKey } : {});
  }

  async listVms() {
    const res = await this.call("GET", "/resource/vm/list");
    return shape("platform", "/resource/vm/list", vmList, bodyOf(res)).vms ?? [];
  }

  /** Balance of an org; note the capital `orgID` query key. */
  async balance(orgId: string) {
    const res = await this.call("GET", "/balance", { query: { orgID: segment("orgId", orgId) } });
    const body = shape("platform", "/balance", balances, bodyOf(res));
    const entry = body.balances.find((b) => b.org_id === undefined || b.org_id === orgId) ?? body.balances[0];
    const value = entry === undefined ? undefined : Number(entry.balance);
    return { orgId, value: value !== undefined && Number.isFinite(value) ? value : undefined, response: res };
  }

  async project(projectId: string) {
    const res = await this.call("GET", `/project/${segment("projectId", projectId)}`);
    return shape("platform", "/project", projects, bodyOf(res)).projects[0];
  }
}
