/** Credential sets per Theta family. A ThetaClient holds only the families an operation needs. */
// @ts-nocheck

export interface ControllerCredentials {
  apiKey: string;
  projectId: string;
}
export interface BillingCredentials {
  apiKey: string;
  orgId: string;
}
export interface OndemandCredentials {
  token: string;
}
export interface InferenceCredentials {
  endpoint: string;
  token?: string | undefined;
  user?: string | undefined;
  pass?: string | undefined;
  model?: string | undefined;
}
export interface VideoCredentials {
  saId: string;
  saSecret: string;
}

export interface CredentialSet {
  controller?: ControllerCredentials | undefined;
  billing?: BillingCredentials | undefined;
  ondemand?: OndemandCredentials | undefined;
  inference?: InferenceCredentials | undefined;
  video?: VideoCredentials | undefined;
}

export type CredentialFamily = keyof CredentialSet;

/** The environment variables behind each family (for messages that name exactly what is missing). */
export const FAMILY_VARIABLES: Record<CredentialFamily, string[]> = {
  controller: ["THETA_EC_API_KEY", "THETA_EC_PROJECT_ID"],
  billing: ["THETA_EC_API_KEY", "THETA_ORG_ID"],
  ondemand: ["THETA_ONDEMAND_API_TOKEN"],
  inference: [
    "THETA_INFERENCE_ENDPOINT",
    "THETA_INFERENCE_AUTH_TOKEN or THETA_INFERENCE_AUTH_USER+THETA_INFERENCE_AUTH_PASS",
  ],
  video: ["THETA_VIDEO_SA_ID", "THETA_VIDEO_SA_SECRET"],
};
