/** Public types of the Theta EdgeCloud test double. */
// @ts-nocheck


export type Family =
  | "controller"
  | "platform"
  | "ondemand"
  | "video"
  | "dedicated"
  | "outputs"
  | "upload"
  | "other";

export type InferenceAuth = { user: string; pass: string } | { token: string };

import type { WebhookCall, WebhookFault } from "./webhooks.js";

export type InferOutcome = { state: "error"; message: string } | { state: "success" };

export interface ThetaDoubleOptions {
  /** controller/platform x-api-key */
  apiKey?: string;
  projectId?: string;
  orgId?: string;
  /** Bearer token for the on-demand API */
  ondemandToken?: string;
  videoSaId?: string;
  videoSaSecret?: string;
  /** dedicated endpoint auth */
  inferenceAuth?: InferenceAuth;
  /** 0/0 = success immediately */
  inferTiming?: { pendingMs: number; processingMs: number };
  /** Per-request timing (benchmarks): what this request takes, or undefined for `inferTiming`. */
  inferTimingFor?: (
    service: string,
    input: Record<string, unknown>,
  ) => { pendingMs: number; processingMs: number } | undefined;
  /** statuses the dedicated endpoint answers before 200; consumed one per request */
  warmup?: number[];
  /** TVA transcode duration */
  videoTiming?: { processingMs: number };
  /** 0 = random */
  port?: number;
}

export type ResolvedOptions = Required<ThetaDoubleOptions>;

export interface BaseUrls {
  controller: string;
  platform: string;
  ondemand: string;
  video: string;
  inference: string;
}

export interface LoggedRequest {
  family: Family;
  method: string;
  /** path without query, with the family prefix, e.g. "/ondemand/infer_request/flux" */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /**
   * parsed JSON, or string for text, or { multipart: { fields, files } }, or { bytes } for binary;
   * undefined when the request had no body
   */
  body: unknown;
  time: number;
}

export interface MultipartFileInfo {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface FaultSpec {
  method?: string;
  /** path without query, with family prefix */
  path: string | RegExp;
  /** default: unlimited */
  times?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** delay before handling (then the normal or faulted answer) */
  latencyMs?: number;
  /** never answer (socket left open until close()) */
  hang?: boolean;
  /** 200 (or `status`) with a broken JSON body */
  malformed?: boolean;
  /** with status >= 400: the error-body variant */
  envelope?: "string" | "object";
  /** run the real handler first (state changes happen), then wait this long before writing */
  delayAfterHandleMs?: number;
}

export interface ThetaDouble {
  url: string;
  baseUrls: BaseUrls;
  env(): Record<string, string>;
  options: ResolvedOptions;
  requests: LoggedRequest[];
  count(method: string, path: string | RegExp): number;
  fault(f: FaultSpec): void;
  clearFaults(): void;
  reset(): void;
  setLiveServices(aliases: string[]): void;
  setInferOutcome(service: string, outcome: InferOutcome): void;
  setPresignedShape(shape: "field" | "urls"): void;
  setWarmup(statuses: number[]): void;
  setBalance(value: number): void;
  setOutputBytes(service: string, bytes: number): void;
  /** How completion webhooks are sent from now on (default: once, when the request finishes). */
  setWebhookFault(fault: WebhookFault): void;
  /** Completion webhooks sent so far, with the status the receiver answered. */
  webhookCalls(): WebhookCall[];
  close(): Promise<void>;
}
