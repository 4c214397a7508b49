// @ts-nocheck
import { FormData } from "undici";
import { z } from "zod";
import type { ControllerCredentials } from "./credentials.js";
import { FamilyClient } from "./family-client.js";
import { bodyOf, findDeep, shape } from "./shape.js";
import type { Transport } from "./transport.js";
import { segment } from "./validate.js";

const deploymentList = z.union([
  z.array(z.looseObject({})),
  z.looseObject({ deployments: z.array(z.looseObject({})) }).transform((b) => b.deployments),
  z.null().transform(() => []),
]);
const templatePage = z.looseObject({ templates: z.array(z.looseObject({})).nullish() });

export interface DeploymentFilter {
  templateName?: string[] | undefined;
  notTemplateName?: string[] | undefined;
}
export type DeploymentTarget = { shard: string | number; suffix: string } | { deploymentId: string };

export interface DeploymentHandles {
  endpoint?: string | undefined;
  baseId?: string | undefined;
  shard?: string | undefined;
  suffix?: string | undefined;
}

/** Pulls the handles out of a create/list answer whatever its nesting (fields seen in PascalCase). */
export function deploymentHandles(value: unknown): DeploymentHandles {
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  return {
    endpoint: str(findDeep(value, ["Endpoint", "endpoint_url", "endpointUrl", "url"])),
    baseId: str(findDeep(value, ["BaseID", "base_id", "deployment_id"])),
    shard: str(findDeep(value, ["Shard"])),
    suffix: str(findDeep(value, ["Suffix"])),
  };
}

export interface FileInput {
  filename: string;
  content: string;
  encoding?: "utf8" | "base64" | undefined;
  contentType?: string | undefined;
}

/** controller.thetaedgecloud.com: deployments, templates, clusters, storage, agent chatbots. */
export class ControllerClient extends FamilyClient {
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

  async listDeployments(filter: DeploymentFilter = {}) {
    const query = {
      project_id: this.creds.projectId,
      template_name: filter.templateName,
      not_template_name: filter.notTemplateName,
    };
    const { route, result, attempts } = await this.withFallback(
      ["/deployment/list", "/deployments/list"],
      (path) => this.call("GET", path, { query }),
    );
    return { route, attempts, deployments: shape("controller", route, deploymentList, bodyOf(result)) };
  }

  /** Paid. Never retried: a repeated create could start (and bill) a second deployment. */
  async createDeployment(payload: Record<string, unknown>) {
    const json = { project_id: this.creds.projectId, ...payload };
    const res = await this.call("POST", "/deployment", { json, idempotent: false });
    return { response: res, handles: deploymentHandles(bodyOf(res)) };
  }

  async deploymentAction(action: "start" | "stop", shard: string | number, suffix: string) {
    const tail = `/${segment("shard", shard)}/${segment("suffix", suffix)}/${action}`;
    const query = { project_id: this.creds.projectId };
    const { route, result, attempts } = await this.withFallback(
      [`/deployment${tail}`, `/deployments${tail}`],
      (p) => this.call("PUT", p, { query }),
    );
    return { route, attempts, response: result };
  }

  async deleteDeployment(target: DeploymentTarget) {
    const query = { project_id: this.creds.projectId };
    const tail =
      "deploymentId" in target
        ? `/base/${segment("deploymentId", target.deploymentId)}`
        : `/${segment("shard", target.shard)}/${segment("suffix", target.suffix)}`;
    const { route, result, attempts } = await this.withFallback(
      [`/deployment${tail}`, `/deployments${tail}`],
      (p) => this.call("DELETE", p, { query }),
    );
    return { route, attempts, response: result };
  }

  async listStandardTemplates(opts: { category?: string | undefined; page?: number; number?: number } = {}) {
    const route = "/deployment_template/list_standard_templates";
    const res = await this.call("GET", route, {
      query: {
        project_id: this.creds.projectId,
        category: opts.category,
        page: opts.page ?? 0,
        number: opts.number ?? 50,
      },
    });
    return shape("controller", route, templatePage, bodyOf(res)).templates ?? [];
  }

  /** Every standard template of a category: pages of 50 until a short page (at most 20 pages). */
  async listAllStandardTemplates(category?: string) {
    const all: Array<Record<string, unknown>> = [];
    for (let page = 0; page < 20; page++) {
      const batch = await this.listStandardTemplates({ category, page, number: 50 });
      all.push(...batch);
      if (batch.length < 50) break;
    }
    return all;
  }

  async listCustomTemplates() {
    const route = "/deployment_template/list_custom_templates";
    const res = await this.call("GET", route, { query: { project_id: this.creds.projectId } });
    return shape("controller", route, templatePage, bodyOf(res)).templates ?? [];
  }

  listClusters() {
    return this.call("GET", "/cluster/list", { query: { project_id: this.creds.projectId } });
  }

  /** Note the camelCase `projectId`: this route ignores `project_id`. */
  listStorage(page = 1, number = 20) {
    return this.call("GET", "/volume/claim", { query: { projectId: this.creds.projectId, page, number } });
  }

  listChatbots(page = 0, number = 100) {
    return this.call("GET", "/chatbot/list", { query: { project_id: this.creds.projectId, page, number } });
  }

  createChatbot(payload: Record<string, unknown>) {
    return this.call("POST", "/chatbot", {
      json: { ...payload, project_id: this.creds.projectId },
      idempotent: false,
    });
  }

  getChatbot(chatbotId: string) {
    return this.call("GET", `/chatbot/${segment("chatbotId", chatbotId)}`, {
      query: { project_id: this.creds.projectId },
    });
  }

  updateChatbot(chatbotId: string, payload: Record<string, unknown>) {
    return this.call("PUT", `/chatbot/${segment("chatbotId", chatbotId)}`, {
      json: { ...payload, project_id: this.creds.projectId },
    });
  }

  private documentForm(file: FileInput, metadata: Record<string, unknown>): FormData {
    const form = new FormData();
    const bytes = Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8");
    form.append("file", new Blob([bytes], { type: file.contentType ?? "text/plain" }), file.filename);
    form.append("project_id", this.creds.projectId);
    form.append("metadata", JSON.stringify({ type: "file", filename: file.filename, ...metadata }));
    return form;
  }

  createDocument(chatbotId: string, file: FileInput, metadata: Record<string, unknown> = {}) {
    return this.call("POST", `/chatbot/${segment("chatbotId", chatbotId)}/document`, {
      body: this.documentForm(file, metadata),
      idempotent: false,
    });
  }

  updateDocument(
    chatbotId: string,
    documentId: string,
    file: FileInput,
    metadata: Record<string, unknown> = {},
  ) {
    const path = `/chatbot/${segment("chatbotId", chatbotId)}/document/${segment("documentId", documentId)}`;
    return this.call("PUT", path, { body: this.documentForm(file, metadata) });
  }

  getDocument(chatbotId: string, documentId: string) {
    const path = `/chatbot/${segment("chatbotId", chatbotId)}/document/${segment("documentId", documentId)}`;
    return this.call("GET", path, { query: { project_id: this.creds.projectId } });
  }

  listDocuments(chatbotId: string, page = 0, number = 30) {
    return this.call("GET", `/chatbot/${segment("chatbotId", chatbotId)}/document/list`, {
      query: { project_id: this.creds.projectId, page, number },
    });
  }
}
