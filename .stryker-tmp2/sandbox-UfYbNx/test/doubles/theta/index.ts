/** Theta EdgeCloud wire-level test double: see server.ts (createThetaDouble) and theta-api.md. */
// @ts-nocheck

export { DEDICATED_MODEL } from "./dedicated-routes.js";
export { MALFORMED_BODY } from "./faults.js";
export { MEDIA, MP4, PNG, PNG_SIGNATURE, WAV } from "./media-fixtures.js";
export { DEFAULT_LIVE, SERVICES, serviceId } from "./ondemand-services.js";
export { createThetaDouble, resolveOptions } from "./server.js";
export type {
  BaseUrls,
  Family,
  FaultSpec,
  InferenceAuth,
  InferOutcome,
  LoggedRequest,
  ResolvedOptions,
  ThetaDouble,
  ThetaDoubleOptions,
} from "./types.js";
export type { WebhookCall, WebhookFault } from "./webhooks.js";
