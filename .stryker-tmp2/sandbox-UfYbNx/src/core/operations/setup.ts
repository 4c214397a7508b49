// @ts-nocheck
import { z } from "zod";
import { defineOperation } from "./define.js";

export const SETUP_STEPS = [
  "Log in at https://www.thetaedgecloud.com/ (add at least $20 of credit to reach the Developer plan for deployments).",
  "Dashboard → Account → Projects → select a project → Create API Key. It is shown once: set THETA_EC_API_KEY to it and THETA_EC_PROJECT_ID to the project id (prj_…).",
  "For balance: set THETA_ORG_ID to your organisation id (org_…, shown on the project page).",
  "For /imagine, /video and the Q&A bot: AI → On-demand model APIs → pick a model → Access Token; set THETA_ONDEMAND_API_TOKEN.",
  "For a dedicated LLM endpoint: deploy a vLLM template, then set THETA_INFERENCE_ENDPOINT to its Endpoint and THETA_INFERENCE_AUTH_USER/PASS (or THETA_INFERENCE_AUTH_TOKEN).",
  "For Theta Video: create a service account in the Video API dashboard; set THETA_VIDEO_SA_ID (srvacc_…) and THETA_VIDEO_SA_SECRET.",
  "Run `theta-bot op theta.auth.capabilities --verify` to check every key against Theta.",
];

export const ENV_BY_FEATURE = {
  baselineRequired: ["THETA_EC_API_KEY", "THETA_EC_PROJECT_ID"],
  optionalByFeature: {
    billing: ["THETA_ORG_ID"],
    ondemand: ["THETA_ONDEMAND_API_TOKEN"],
    dedicatedInference: [
      "THETA_INFERENCE_ENDPOINT",
      "THETA_INFERENCE_AUTH_TOKEN or THETA_INFERENCE_AUTH_USER + THETA_INFERENCE_AUTH_PASS",
    ],
    video: ["THETA_VIDEO_SA_ID", "THETA_VIDEO_SA_SECRET"],
  },
} as const;

export const setup = defineOperation({
  name: "theta.setup",
  summary: "First-run checklist: where to create each key and which variables each feature needs",
  input: z.object({}).strict(),
  families: [],
  mutating: false,
  paid: false,
  handler: async () => ({
    steps: SETUP_STEPS,
    env: ENV_BY_FEATURE,
    links: {
      dashboard: "https://www.thetaedgecloud.com/dashboard",
      apiKeys: "https://docs.thetatoken.org/docs/edgecloud-api-keys",
    },
  }),
  render: (r) => {
    const { steps, env } = r as { steps: string[]; env: typeof ENV_BY_FEATURE };
    const features = Object.entries(env.optionalByFeature)
      .map(([k, v]) => `  ${k}: ${v.join(", ")}`)
      .join("\n");
    return [
      "Theta EdgeCloud setup",
      ...steps.map((s, i) => `${i + 1}. ${s}`),
      "",
      `Required for cloud operations: ${env.baselineRequired.join(", ")}`,
      "Per feature:",
      features,
    ].join("\n");
  },
});
