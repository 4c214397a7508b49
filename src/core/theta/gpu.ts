import { BotError, usageError } from "../errors.js";
import type { ControllerCredentials } from "./credentials.js";
import { FamilyClient } from "./family-client.js";
import { bodyOf } from "./shape.js";
import type { Method, QueryValue, Transport } from "./transport.js";

/** GPU Node names: Theta's rule (§2.9). */
export const GPU_NAME = /^[A-Za-z0-9]{1,20}$/;

export interface GpuCreateBody {
  deployment_template_id: string;
  resource_id: string;
  container_image: string;
  ssh_public_key: string;
  name?: string | undefined;
  display_name?: string | undefined;
  region?: string | undefined;
  ssh_port?: number | undefined;
  http_port?: number | undefined;
  max_price_per_hour_usd?: number | undefined;
}

/** A path id: printable ASCII, always URL-encoded (ids may hold `/`). */
function pathId(kind: string, v: string): string {
  if (typeof v !== "string" || v.length === 0 || v.length > 200 || !/^[\x20-\x7e]+$/.test(v)) {
    throw usageError("INVALID_INPUT", `Invalid ${kind}: expected a non-empty id, got ${JSON.stringify(v)}.`);
  }
  return encodeURIComponent(v);
}

/**
 * The project-scoped API (`/v1/projects/{project_id}/…`, `x-api-key` only): GPU resources,
 * GPU Node templates and deployments, and the project's billing. Envelope `{status:"success", body}`;
 * a 2xx whose `status` is anything else is an error.
 */
export class GpuClient extends FamilyClient {
  constructor(
    transport: Transport,
    base: string,
    private readonly creds: ControllerCredentials,
  ) {
    super(transport, "controller", base, { "x-api-key": creds.apiKey });
  }

  get projectId(): string {
    return this.creds.projectId;
  }

  private path(tail: string): string {
    return `/v1/projects/${encodeURIComponent(this.creds.projectId)}/${tail}`;
  }

  private async req(
    method: Method,
    tail: string,
    route: string,
    o: { query?: Record<string, QueryValue>; idempotent?: boolean } = {},
  ): Promise<unknown> {
    const res = await this.call(method, this.path(tail), {
      ...o,
      route: `/v1/projects/{project_id}/${route}`,
    });
    const status = res.status;
    if (typeof status === "string" && status !== "success") {
      const msg =
        typeof res.message === "string" ? res.message : typeof res.error === "string" ? res.error : status;
      throw new BotError({
        code: "theta_api_error",
        family: "controller",
        message: `Theta reported an error on ${method} ${route}: ${msg.slice(0, 300)}`,
      });
    }
    return "raw" in res && !("body" in res) ? res.raw : bodyOf(res);
  }

  listResources() {
    return this.req("GET", "gpu-resources", "gpu-resources");
  }

  getResource(resourceId: string, region?: string) {
    return this.req("GET", `gpu-resources/${pathId("resourceId", resourceId)}`, "gpu-resources/{id}", {
      query: { region },
    });
  }

  listTemplates() {
    return this.req("GET", "gpu-deployment-templates", "gpu-deployment-templates");
  }

  listDeployments() {
    return this.req("GET", "gpu-deployments", "gpu-deployments");
  }

  getDeployment(id: string) {
    return this.req("GET", `gpu-deployments/${pathId("deploymentId", id)}`, "gpu-deployments/{id}");
  }

  /** Paid. Never retried: a repeated create could start (and bill) a second GPU Node. */
  async createDeployment(body: GpuCreateBody) {
    const res = await this.call("POST", this.path("gpu-deployments"), {
      json: body,
      idempotent: false,
      route: "/v1/projects/{project_id}/gpu-deployments",
    });
    return bodyOf(res);
  }

  /** start is paid (billing resumes) and so never retried; stop may be repeated. */
  action(id: string, action: "start" | "stop") {
    return this.req(
      "POST",
      `gpu-deployments/${pathId("deploymentId", id)}/${action}`,
      `gpu-deployments/{id}/${action}`,
      {
        idempotent: action === "stop",
      },
    );
  }

  deleteDeployment(id: string) {
    return this.req("DELETE", `gpu-deployments/${pathId("deploymentId", id)}`, "gpu-deployments/{id}");
  }

  events(id: string) {
    return this.req(
      "GET",
      `gpu-deployments/${pathId("deploymentId", id)}/events`,
      "gpu-deployments/{id}/events",
    );
  }

  logs(id: string) {
    return this.req("GET", `gpu-deployments/${pathId("deploymentId", id)}/logs`, "gpu-deployments/{id}/logs");
  }

  balance() {
    return this.req("GET", "billing/balance", "billing/balance");
  }

  usage(startDate?: string, endDate?: string) {
    return this.req("GET", "billing/usage", "billing/usage", {
      query: { start_date: startDate, end_date: endDate },
    });
  }

  topUps(page?: number, number?: number) {
    return this.req("GET", "billing/top-ups", "billing/top-ups", { query: { page, number } });
  }

  pricing() {
    return this.req("GET", "billing/pricing", "billing/pricing");
  }
}
