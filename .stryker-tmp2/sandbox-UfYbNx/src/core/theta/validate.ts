// @ts-nocheck
import { usageError } from "../errors.js";

/** Path segments built from input are validated so that input can never change the route. */
const PATTERNS = {
  shard: [/^\d{1,6}$/, "INVALID_SHARD", "a small whole number (the deployment's Shard)"],
  suffix: [/^[A-Za-z0-9_-]{1,128}$/, "INVALID_SUFFIX", "letters, digits, _ or - (the deployment's Suffix)"],
  deploymentId: [/^[A-Za-z0-9_-]{1,128}$/, "INVALID_DEPLOYMENT_ID", "the deployment's BaseID"],
  videoId: [/^video_[A-Za-z0-9]{1,64}$/, "INVALID_VIDEO_ID", 'an id like "video_…"'],
  serviceAccountId: [/^srvacc_[A-Za-z0-9]{1,64}$/, "INVALID_SERVICE_ACCOUNT_ID", 'an id like "srvacc_…"'],
  streamId: [/^stream_[A-Za-z0-9]{1,64}$/, "INVALID_STREAM_ID", 'an id like "stream_…"'],
  ingestorId: [
    /^[A-Za-z0-9_-]{1,128}$/,
    "INVALID_INGESTOR_ID",
    "an ingestor id from theta.video.ingestor.list",
  ],
  service: [/^[a-z0-9][a-z0-9_.-]{0,63}$/, "INVALID_ONDEMAND_SERVICE", 'a service alias such as "flux"'],
  prediction: [/^[A-Za-z0-9_-]{1,64}$/, "INVALID_PREDICTION", 'a prediction name such as "predict"'],
  requestId: [/^infr_rqst_[A-Za-z0-9]{1,64}$/, "INVALID_ONDEMAND_REQUEST_ID", 'an id like "infr_rqst_…"'],
  chatbotId: [/^[A-Za-z0-9_-]{1,128}$/, "INVALID_CHATBOT_ID", "a chatbot id from theta.ai.agent.list"],
  documentId: [
    /^[A-Za-z0-9_-]{1,128}$/,
    "INVALID_DOCUMENT_ID",
    "a document id from theta.ai.agent.document.list",
  ],
  orgId: [/^org_[A-Za-z0-9]{1,64}$/, "INVALID_ORG_ID", 'an id like "org_…"'],
  projectId: [/^prj_[A-Za-z0-9]{1,64}$/, "INVALID_PROJECT_ID", 'an id like "prj_…"'],
} as const satisfies Record<string, readonly [RegExp, string, string]>;

export type SegmentKind = keyof typeof PATTERNS;

export function segment(kind: SegmentKind, value: unknown): string {
  const [re, code, hint] = PATTERNS[kind];
  const s = typeof value === "number" ? String(value) : value;
  if (typeof s !== "string" || !re.test(s)) {
    throw usageError(code, `Invalid ${kind}: expected ${hint}, got ${JSON.stringify(value) ?? "nothing"}.`);
  }
  return encodeURIComponent(s);
}
