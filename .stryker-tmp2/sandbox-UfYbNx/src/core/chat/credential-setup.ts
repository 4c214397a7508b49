// @ts-nocheck
import type { Config } from "../../config.js";
import type { Tenant } from "../credentials/provider.js";
import { usageError } from "../errors.js";
import type { TenantCredentialStore } from "../policy/index.js";
import { ThetaClient } from "../theta/client.js";
import type { CredentialFamily, CredentialSet } from "../theta/credentials.js";

/** The form each credential family's setup dialog shows: [field, label, required]. */
export const SETUP_FIELDS: Record<CredentialFamily, Array<[string, string, boolean]>> = {
  controller: [
    ["apiKey", "Project API key", true],
    ["projectId", "Project id (prj_…)", true],
  ],
  billing: [
    ["apiKey", "Project API key", true],
    ["orgId", "Organisation id (org_…)", true],
  ],
  ondemand: [["token", "On-demand access token", true]],
  inference: [
    ["endpoint", "Endpoint URL (https://…)", true],
    ["token", "Bearer token (or leave empty)", false],
    ["user", "Basic auth user (or leave empty)", false],
    ["pass", "Basic auth password (or leave empty)", false],
  ],
  video: [
    ["saId", "Service account id (srvacc_…)", true],
    ["saSecret", "Service account secret", true],
  ],
};

/** One cheap authenticated call per family, to check values before keeping them. */
export const FAMILY_PROBES: Record<CredentialFamily, (c: ThetaClient) => Promise<unknown>> = {
  controller: (c) => c.controller.listDeployments(),
  billing: (c) => c.billing.platform.balance(c.billing.orgId),
  ondemand: (c) => c.ondemand.presignedUrls("flux", []),
  inference: (c) => c.inference.models(),
  video: (c) => c.video.listVideos(1, 1),
};

export function setupFamily(name: string): CredentialFamily {
  if (!(name in SETUP_FIELDS)) {
    throw usageError("INVALID_INPUT", `Choose one of ${Object.keys(SETUP_FIELDS).join(", ")} to set up.`);
  }
  return name as CredentialFamily;
}

/**
 * Validates the shape, probes Theta with the new values and keeps them (encrypted) only when Theta
 * accepts them; a rejected set leaves whatever the tenant had before.
 */
export async function saveTenantCredentials(
  app: { config: Config; tenantCredentials: TenantCredentialStore },
  tenant: Tenant,
  family: CredentialFamily,
  values: Record<string, string>,
) {
  const cfg = app.config;
  const previous = await app.tenantCredentials.get(tenant, family);
  await app.tenantCredentials.set(tenant, family, values as never);
  const client = new ThetaClient({
    baseUrls: cfg.baseUrls,
    http: cfg.http,
    credentials: { [family]: values } as CredentialSet,
    allowLocalEndpoints: cfg.allowLocalEndpoints,
    outputHosts: cfg.outputHosts,
  });
  try {
    await FAMILY_PROBES[family](client);
  } catch (err) {
    if (previous) await app.tenantCredentials.set(tenant, family, previous as never);
    else await app.tenantCredentials.clear(tenant, family);
    throw err;
  }
}
