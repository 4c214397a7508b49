// @ts-nocheck
import type { Config } from "../../config.js";
import { configError } from "../errors.js";
import { type CredentialFamily, type CredentialSet, FAMILY_VARIABLES } from "../theta/credentials.js";

/** Who an operation runs for: a chat server/workspace, or the operator's CLI. */
export interface Tenant {
  platform: "cli" | "discord" | "slack";
  id: string;
}

export interface FamilyStatus {
  family: CredentialFamily;
  configured: boolean;
  missing: string[];
  source: "env" | "tenant" | "none";
}

/** Resolves only the family an operation needs (command-scoped credentials). */
export interface CredentialProvider {
  resolve<F extends CredentialFamily>(
    tenant: Tenant | undefined,
    family: F,
  ): Promise<NonNullable<CredentialSet[F]>>;
  status(tenant: Tenant | undefined, family: CredentialFamily): Promise<FamilyStatus>;
}

export const ALL_FAMILIES: CredentialFamily[] = ["controller", "billing", "ondemand", "inference", "video"];

/** Which variables of a family the environment lacks. */
export function missingFromEnv(config: Config, family: CredentialFamily): string[] {
  const c = config.credentials;
  const miss: string[] = [];
  switch (family) {
    case "controller":
      if (!c.controller.apiKey) miss.push("THETA_EC_API_KEY");
      if (!c.controller.projectId) miss.push("THETA_EC_PROJECT_ID");
      break;
    case "billing":
      if (!c.controller.apiKey) miss.push("THETA_EC_API_KEY");
      if (!c.controller.orgId) miss.push("THETA_ORG_ID");
      break;
    case "ondemand":
      if (!c.ondemand.token) miss.push("THETA_ONDEMAND_API_TOKEN");
      break;
    case "inference":
      if (!c.inference.endpoint) miss.push("THETA_INFERENCE_ENDPOINT");
      if (!c.inference.token && !(c.inference.user && c.inference.pass)) {
        miss.push("THETA_INFERENCE_AUTH_TOKEN (or THETA_INFERENCE_AUTH_USER + THETA_INFERENCE_AUTH_PASS)");
      }
      break;
    case "video":
      if (!c.video.saId) miss.push("THETA_VIDEO_SA_ID");
      if (!c.video.saSecret) miss.push("THETA_VIDEO_SA_SECRET");
      break;
  }
  return miss;
}

export function familyFromEnv<F extends CredentialFamily>(config: Config, family: F): CredentialSet[F] {
  const c = config.credentials;
  if (missingFromEnv(config, family).length) return undefined;
  const sets: CredentialSet = {
    controller: { apiKey: c.controller.apiKey!, projectId: c.controller.projectId! },
    billing: { apiKey: c.controller.apiKey!, orgId: c.controller.orgId! },
    ondemand: { token: c.ondemand.token! },
    inference: {
      endpoint: c.inference.endpoint!,
      token: c.inference.token,
      user: c.inference.user,
      pass: c.inference.pass,
      model: c.inference.model,
    },
    video: { saId: c.video.saId!, saSecret: c.video.saSecret! },
  };
  return sets[family];
}

export function missingCredentialsError(family: CredentialFamily, missing: string[], hint?: string) {
  return configError(
    "missing_credentials",
    `The ${family} credentials are not set: missing ${missing.join(", ")}. ${hint ?? "Set them in the environment, then run theta.auth.capabilities to check."}`,
    { family, missing },
  );
}

/** The operator's environment, for the CLI and single-tenant use. */
export class EnvCredentialProvider implements CredentialProvider {
  constructor(private readonly config: Config) {}

  async resolve<F extends CredentialFamily>(_tenant: Tenant | undefined, family: F) {
    const set = familyFromEnv(this.config, family);
    if (!set) throw missingCredentialsError(family, missingFromEnv(this.config, family));
    return set as NonNullable<CredentialSet[F]>;
  }

  async status(_tenant: Tenant | undefined, family: CredentialFamily): Promise<FamilyStatus> {
    const missing = missingFromEnv(this.config, family);
    return { family, configured: missing.length === 0, missing, source: missing.length ? "none" : "env" };
  }
}

export { FAMILY_VARIABLES };
