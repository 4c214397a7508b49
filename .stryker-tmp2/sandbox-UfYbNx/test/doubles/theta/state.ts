/** In-memory state of one double instance, and its seed. */
// @ts-nocheck

import { seedChatbots } from "./chatbot-seed.js";
import { seedDeployments } from "./controller-seed.js";
import { DEFAULT_LIVE } from "./ondemand-services.js";
import type { BaseUrls, InferOutcome, ResolvedOptions } from "./types.js";
import { seedIngestors } from "./video-seed.js";

export interface Deployment {
  TemplateName: string;
  TemplateID: string;
  Endpoint: string;
  Shard: number;
  Suffix: string;
  BaseID: string;
  AuthUsername: string;
  AuthPassword: string;
  EndpointStatus: string;
  Region: string;
  VmId: string;
  CreateTime: string;
  ProjectID: string;
  ContainerImage: string;
  MinReplicas: number;
  MaxReplicas: number;
}

export interface KbDocument {
  id: string;
  chatbot_id: string;
  knowledge_base_id: string;
  content: string;
  metadata: unknown;
  filename: string;
  created_at: string;
  embedding_token_count: number;
}

export interface OndemandUpload {
  filename: string;
  service: string;
  field: string;
  uploaded: boolean;
  size: number;
}

export interface InferRecord {
  id: string;
  alias: string;
  prediction: string;
  variant: string | null;
  webhook: string | null;
  input: Record<string, unknown>;
  createdAt: number;
  pendingMs: number;
  processingMs: number;
  outcome: InferOutcome;
  /** output object used once the request succeeds */
  output: Record<string, unknown>;
  /** output field → file extension, for /outputs */
  files: Record<string, string>;
  usage: { input: number; output: number };
}

export interface TvaUpload {
  id: string;
  createdAt: number;
  uploaded: boolean;
  size: number;
}

export interface VideoRecord {
  id: string;
  createdAt: number;
  processingMs: number;
  file_name: string | null;
  metadata: Record<string, unknown>;
  source_upload_id: string | null;
  source_uri: string | null;
  playback_policy: string;
  resolutions: number[];
  use_drm: boolean;
  drm_rules: unknown[];
}

export interface StreamRecord {
  id: string;
  name: string;
  status: "on" | "off";
  resolutions: string[];
  source_resolution: string;
  fps: string;
  createdAt: number;
  updatedAt: number;
  stream_server: string | null;
  stream_key: string | null;
}

export interface Ingestor {
  id: string;
  ip: string;
  stream_key: string;
  state: string;
  stakes: string;
  geo: [number, number];
}

export interface State {
  deployments: Deployment[];
  chatbots: Map<string, Record<string, unknown>>;
  documents: Map<string, KbDocument>;
  liveServices: Set<string>;
  outcomes: Map<string, InferOutcome>;
  presignedShape: "field" | "urls";
  ondemandUploads: Map<string, OndemandUpload>;
  infer: Map<string, InferRecord>;
  /** remaining warm-up statuses of the dedicated endpoint */
  warmup: number[];
  /** what POST /deployment resets the warm-up to (last setWarmup, else options.warmup) */
  warmupTemplate: number[];
  balance: number;
  outputBytes: Map<string, number>;
  tvaUploads: Map<string, TvaUpload>;
  videos: Map<string, VideoRecord>;
  streams: Map<string, StreamRecord>;
  ingestors: Ingestor[];
}

export const DEFAULT_BALANCE = 3421.300894;

export function createState(opts: ResolvedOptions, baseUrls: BaseUrls): State {
  const chat = seedChatbots(opts, baseUrls);
  return {
    deployments: seedDeployments(opts, baseUrls),
    chatbots: chat.chatbots,
    documents: chat.documents,
    liveServices: new Set(DEFAULT_LIVE),
    outcomes: new Map(),
    presignedShape: "field",
    ondemandUploads: new Map(),
    infer: new Map(),
    warmup: [...opts.warmup],
    warmupTemplate: [...opts.warmup],
    balance: DEFAULT_BALANCE,
    outputBytes: new Map(),
    tvaUploads: new Map(),
    videos: new Map(),
    streams: new Map(),
    ingestors: seedIngestors(),
  };
}
