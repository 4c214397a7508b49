/**
 * The only reader of process.env. One zod schema; the result is frozen. Invalid values fail at
 * start with one message that lists every bad variable and why.
 */
import { z } from "zod";
import { baseUrl, bool, clampedInt, hostList, nonNegativeNumber, optionalString } from "./config-fields.js";
import { redisPrefix, shardCount, shardIds, shardProblems } from "./config-shards.js";
import { webhookSettings } from "./config-webhooks.js";
import { configError } from "./core/errors.js";
import { registerSecret } from "./core/redact.js";

export const DEFAULT_HOSTS = {
  controller: "https://controller.thetaedgecloud.com",
  platform: "https://api.thetaedgecloud.com",
  ondemand: "https://ondemand.thetaedgecloud.com",
  video: "https://api.thetavideoapi.com",
} as const;

const schema = z.object({
  THETA_EC_API_KEY: optionalString,
  THETA_EC_PROJECT_ID: optionalString.refine((v) => v === undefined || /^prj_[A-Za-z0-9]+$/.test(v), {
    message: 'must look like "prj_…" (Dashboard → Projects)',
  }),
  THETA_ORG_ID: optionalString.refine((v) => v === undefined || /^org_[A-Za-z0-9]+$/.test(v), {
    message: 'must look like "org_…"',
  }),
  THETA_ONDEMAND_API_TOKEN: optionalString,
  THETA_ONDEMAND_API_KEY: optionalString,
  THETA_API_KEY: optionalString,
  THETA_INFERENCE_ENDPOINT: optionalString,
  THETA_INFERENCE_AUTH_TOKEN: optionalString,
  THETA_INFERENCE_AUTH_USER: optionalString,
  THETA_INFERENCE_AUTH_PASS: optionalString,
  THETA_INFERENCE_MODEL: optionalString,
  THETA_VIDEO_SA_ID: optionalString.refine((v) => v === undefined || /^srvacc_[A-Za-z0-9]+$/.test(v), {
    message: 'must look like "srvacc_…"',
  }),
  THETA_VIDEO_SA_SECRET: optionalString,
  THETA_DRY_RUN: bool(false),
  THETA_HTTP_TIMEOUT_MS: clampedInt(20_000, 1_000, 120_000),
  THETA_HTTP_MAX_RETRIES: clampedInt(2, 0, 6),
  THETA_HTTP_RETRY_BACKOFF_MS: clampedInt(250, 25, 10_000),
  THETA_INFERENCE_READY_TIMEOUT_MS: clampedInt(120_000, 1_000, 1_800_000),
  THETA_INFERENCE_READY_INTERVAL_MS: clampedInt(5_000, 100, 60_000),
  THETA_CONTROLLER_BASE_URL: baseUrl(DEFAULT_HOSTS.controller),
  THETA_PLATFORM_BASE_URL: baseUrl(DEFAULT_HOSTS.platform),
  /** GPU Node project API host; unconfirmed upstream, so it defaults to the controller host. */
  THETA_GPU_API_BASE_URL: optionalString,
  THETA_ONDEMAND_API_BASE_URL: optionalString,
  THETA_API_BASE_URL: optionalString,
  THETA_VIDEO_API_BASE_URL: baseUrl(DEFAULT_HOSTS.video),
  THETA_ALLOW_LOCAL_ENDPOINTS: bool(false),
  THETA_OUTPUT_HOSTS: hostList,
  MEDIA_MAX_BYTES: clampedInt(512 * 1024 * 1024, 1024, 8 * 1024 * 1024 * 1024),
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
    message: 'must start with "redis://" or "rediss://"',
  }),
  REDIS_PREFIX: redisPrefix,
  DATA_DIR: z
    .string()
    .optional()
    .transform((v) => v?.trim() || "./data"),
  HTTP_PORT: clampedInt(8080, 0, 65_535),
  WORKER_CONCURRENCY: clampedInt(8, 1, 256),
  SHUTDOWN_TIMEOUT_MS: clampedInt(25_000, 100, 600_000),
  JOB_POLL_BASE_MS: clampedInt(1_000, 10, 60_000),
  JOB_POLL_MAX_MS: clampedInt(10_000, 10, 120_000),
  JOB_DEADLINE_MS: clampedInt(120_000, 1_000, 3_600_000),
  JOB_CAPACITY_DEADLINE_MS: clampedInt(600_000, 1_000, 86_400_000),
  PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(v), {
    message: "must be the bot's public base URL, e.g. https://bot.example.com (no query or fragment)",
  }),
  WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters (e.g. `openssl rand -hex 32`)",
  }),
  JOB_WEBHOOK_POLL_MS: clampedInt(30_000, 1_000, 600_000),
  GPU_START_DEADLINE_MS: clampedInt(900_000, 1_000, 7_200_000),
  GPU_WATCH_INTERVAL_MS: clampedInt(60_000, 100, 3_600_000),
  BOT_ENCRYPTION_KEY: optionalString.refine(
    (v) => v === undefined || Buffer.from(v, /^[0-9a-f]{64}$/i.test(v) ? "hex" : "base64").length === 32,
    { message: "must be 32 random bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)" },
  ),
  THETA_SHARED_CREDENTIALS: z.enum(["allow", "deny"]).optional().default("deny"),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{15,22}$/.test(v), {
    message: "must be the application's numeric id (Developer Portal → General Information)",
  }),
  DISCORD_API_URL: optionalString,
  DISCORD_SHARD_COUNT: shardCount,
  DISCORD_SHARD_IDS: shardIds,
  DISCORD_SHARD_LEASE_MS: clampedInt(15_000, 2_000, 300_000),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xapp-"), {
    message:
      'must be an app-level token starting "xapp-" (Basic Information → App-Level Tokens, scope connections:write)',
  }),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: optionalString,
  SLACK_OAUTH_AUTHORIZE_URL: optionalString,
  SLACK_PORT: clampedInt(3000, 0, 65_535),
  DISCORD_MESSAGE_CONTENT: bool(false),
  KNOWLEDGE_DIR: optionalString,
  QA_USER_PER_MINUTE: clampedInt(5, 1, 1000),
  QA_TENANT_PER_MINUTE: clampedInt(30, 1, 10_000),
  QA_MAX_TOKENS: clampedInt(800, 64, 8192),
  QA_THREAD_TOKENS: clampedInt(2000, 0, 32_000),
  QA_STREAM_EDIT_MS: clampedInt(1500, 100, 60_000),
  QA_PRICE_UNIT_USD: nonNegativeNumber(0.01, "US dollars"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

type Raw = z.output<typeof schema>;

/** Every variable this module reads (for .env.example and the README table, kept in step by a test). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config {
  credentials: {
    controller: { apiKey?: string | undefined; projectId?: string | undefined; orgId?: string | undefined };
    ondemand: { token?: string | undefined; source?: string | undefined };
    inference: {
      endpoint?: string | undefined;
      token?: string | undefined;
      user?: string | undefined;
      pass?: string | undefined;
      model?: string | undefined;
    };
    video: { saId?: string | undefined; saSecret?: string | undefined };
  };
  dryRun: boolean;
  http: { timeoutMs: number; maxRetries: number; retryBackoffMs: number };
  inferenceReady: { timeoutMs: number; intervalMs: number };
  baseUrls: { controller: string; platform: string; ondemand: string; video: string; gpu: string };
  allowLocalEndpoints: boolean;
  outputHosts: string[];
  mediaMaxBytes: number;
  redisUrl: string | undefined;
  /** Namespace of every Redis key (state `<prefix>:…`, queue `<prefix>:…`); unset keeps `theta-bot:` and `bull:`. */
  redisPrefix: string | undefined;
  dataDir: string;
  httpPort: number;
  workerConcurrency: number;
  shutdownTimeoutMs: number;
  jobs: { pollBaseMs: number; pollMaxMs: number; deadlineMs: number; capacityDeadlineMs: number };
  /**
   * Theta completion webhooks (PUBLIC_URL set): each on-demand request names a per-job URL on this
   * bot's HTTP server, signed with `key`; polling slows to `safetyPollMs` as a safety net.
   */
  webhooks: ReturnType<typeof webhookSettings>;
  /** GPU Node jobs: how long a start may take, and how often a running node's card is refreshed. */
  gpu: { startDeadlineMs: number; watchIntervalMs: number };
  /** 32-byte key for tenant credentials at rest (AES-256-GCM); storing credentials is refused without it. */
  encryptionKey: Buffer | undefined;
  /** The operator's env credentials may serve chat tenants that set none of their own. */
  sharedCredentials: boolean;
  discord: {
    token?: string | undefined;
    applicationId?: string | undefined;
    apiUrl?: string | undefined;
    /** The privileged Message Content intent: follow-ups in a Q&A thread without mentioning the bot. */
    messageContent: boolean;
    shards: {
      /** Total shards of the bot across every replica, or "auto": Discord's recommendation (GET /gateway/bot). */
      count: number | "auto";
      /** This replica's fixed shards; unset: it claims a fair share of the free ones with renewed leases. */
      ids: number[] | undefined;
      /** Shard lease TTL: a dead replica's shards are taken over by another within about this long. */
      leaseMs: number;
    };
  };
  qa: {
    /** Operator's documentation folder (Markdown, text, HTML) added to every tenant's knowledge base. */
    knowledgeDir: string | undefined;
    userPerMinute: number;
    tenantPerMinute: number;
    maxTokens: number;
    /** Earlier turns of a thread sent with a follow-up, at most this many tokens (~4 characters each). */
    threadTokens: number;
    /** A streaming answer's message is edited at most once per this many ms. */
    streamEditMs: number;
    /** USD per unit of Theta's per-token LLM prices (the currency is unconfirmed; cents assumed). */
    priceUnitUsd: number;
  };
  slack: {
    botToken?: string | undefined;
    signingSecret?: string | undefined;
    appToken?: string | undefined;
    clientId?: string | undefined;
    clientSecret?: string | undefined;
    stateSecret?: string | undefined;
    apiUrl?: string | undefined;
    oauthAuthorizeUrl?: string | undefined;
    port: number;
  };
  /** Unset means each process picks its own default (info for the bot, warn for the CLI). */
  logLevel: Raw["LOG_LEVEL"];
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !ArrayBuffer.isView(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Parses an environment. Throws one CONFIG_INVALID error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0] ?? "?")}: ${i.message}`);
    throw configError("CONFIG_INVALID", `Invalid configuration: ${lines.join("; ")}`, {
      variables: parsed.error.issues.map((i) => String(i.path[0] ?? "?")),
      problems: lines,
    });
  }
  const r = parsed.data;
  const shardIssues = shardProblems(r.DISCORD_SHARD_COUNT, r.DISCORD_SHARD_IDS);
  if (shardIssues.length) {
    throw configError("CONFIG_INVALID", `Invalid configuration: ${shardIssues.join("; ")}`, {
      variables: ["DISCORD_SHARD_IDS"],
      problems: shardIssues,
    });
  }
  let ondemandBase = DEFAULT_HOSTS.ondemand as string;
  const ondemandOverride = r.THETA_ONDEMAND_API_BASE_URL ?? r.THETA_API_BASE_URL;
  if (ondemandOverride) {
    const name = r.THETA_ONDEMAND_API_BASE_URL ? "THETA_ONDEMAND_API_BASE_URL" : "THETA_API_BASE_URL";
    const checked = baseUrl(DEFAULT_HOSTS.ondemand).safeParse(ondemandOverride);
    if (!checked.success) {
      throw configError(
        "CONFIG_INVALID",
        `Invalid configuration: ${name}: ${checked.error.issues[0]?.message}`,
        {
          variables: [name],
        },
      );
    }
    ondemandBase = checked.data;
  }
  const gpuChecked = baseUrl(r.THETA_CONTROLLER_BASE_URL).safeParse(r.THETA_GPU_API_BASE_URL);
  if (!gpuChecked.success) {
    throw configError(
      "CONFIG_INVALID",
      `Invalid configuration: THETA_GPU_API_BASE_URL: ${gpuChecked.error.issues[0]?.message}`,
      { variables: ["THETA_GPU_API_BASE_URL"] },
    );
  }
  const gpuBase = gpuChecked.data;
  const tokenSource = r.THETA_ONDEMAND_API_TOKEN
    ? "THETA_ONDEMAND_API_TOKEN"
    : r.THETA_ONDEMAND_API_KEY
      ? "THETA_ONDEMAND_API_KEY"
      : r.THETA_API_KEY
        ? "THETA_API_KEY"
        : undefined;
  const token = r.THETA_ONDEMAND_API_TOKEN ?? r.THETA_ONDEMAND_API_KEY ?? r.THETA_API_KEY;
  for (const s of [
    r.THETA_EC_API_KEY,
    token,
    r.THETA_INFERENCE_AUTH_TOKEN,
    r.THETA_INFERENCE_AUTH_PASS,
    r.THETA_VIDEO_SA_SECRET,
    r.BOT_ENCRYPTION_KEY,
    r.DISCORD_TOKEN,
    r.SLACK_BOT_TOKEN,
    r.SLACK_SIGNING_SECRET,
    r.SLACK_APP_TOKEN,
    r.SLACK_CLIENT_SECRET,
    r.SLACK_STATE_SECRET,
    r.WEBHOOK_SECRET,
  ]) {
    registerSecret(s);
  }
  return deepFreeze({
    credentials: {
      controller: { apiKey: r.THETA_EC_API_KEY, projectId: r.THETA_EC_PROJECT_ID, orgId: r.THETA_ORG_ID },
      ondemand: { token, source: tokenSource },
      inference: {
        endpoint: r.THETA_INFERENCE_ENDPOINT,
        token: r.THETA_INFERENCE_AUTH_TOKEN,
        user: r.THETA_INFERENCE_AUTH_USER,
        pass: r.THETA_INFERENCE_AUTH_PASS,
        model: r.THETA_INFERENCE_MODEL,
      },
      video: { saId: r.THETA_VIDEO_SA_ID, saSecret: r.THETA_VIDEO_SA_SECRET },
    },
    dryRun: r.THETA_DRY_RUN,
    http: {
      timeoutMs: r.THETA_HTTP_TIMEOUT_MS,
      maxRetries: r.THETA_HTTP_MAX_RETRIES,
      retryBackoffMs: r.THETA_HTTP_RETRY_BACKOFF_MS,
    },
    inferenceReady: {
      timeoutMs: r.THETA_INFERENCE_READY_TIMEOUT_MS,
      intervalMs: r.THETA_INFERENCE_READY_INTERVAL_MS,
    },
    baseUrls: {
      controller: r.THETA_CONTROLLER_BASE_URL,
      platform: r.THETA_PLATFORM_BASE_URL,
      ondemand: ondemandBase,
      video: r.THETA_VIDEO_API_BASE_URL,
      gpu: gpuBase,
    },
    allowLocalEndpoints: r.THETA_ALLOW_LOCAL_ENDPOINTS,
    outputHosts: r.THETA_OUTPUT_HOSTS,
    mediaMaxBytes: r.MEDIA_MAX_BYTES,
    redisUrl: r.REDIS_URL,
    redisPrefix: r.REDIS_PREFIX,
    dataDir: r.DATA_DIR,
    httpPort: r.HTTP_PORT,
    workerConcurrency: r.WORKER_CONCURRENCY,
    shutdownTimeoutMs: r.SHUTDOWN_TIMEOUT_MS,
    jobs: {
      pollBaseMs: r.JOB_POLL_BASE_MS,
      pollMaxMs: Math.max(r.JOB_POLL_BASE_MS, r.JOB_POLL_MAX_MS),
      deadlineMs: r.JOB_DEADLINE_MS,
      capacityDeadlineMs: r.JOB_CAPACITY_DEADLINE_MS,
    },
    webhooks: webhookSettings(r),
    gpu: { startDeadlineMs: r.GPU_START_DEADLINE_MS, watchIntervalMs: r.GPU_WATCH_INTERVAL_MS },
    encryptionKey: r.BOT_ENCRYPTION_KEY
      ? Buffer.from(r.BOT_ENCRYPTION_KEY, /^[0-9a-f]{64}$/i.test(r.BOT_ENCRYPTION_KEY) ? "hex" : "base64")
      : undefined,
    sharedCredentials: r.THETA_SHARED_CREDENTIALS === "allow",
    discord: {
      token: r.DISCORD_TOKEN,
      applicationId: r.DISCORD_APPLICATION_ID,
      apiUrl: r.DISCORD_API_URL,
      messageContent: r.DISCORD_MESSAGE_CONTENT,
      shards: { count: r.DISCORD_SHARD_COUNT, ids: r.DISCORD_SHARD_IDS, leaseMs: r.DISCORD_SHARD_LEASE_MS },
    },
    qa: {
      knowledgeDir: r.KNOWLEDGE_DIR,
      userPerMinute: r.QA_USER_PER_MINUTE,
      tenantPerMinute: r.QA_TENANT_PER_MINUTE,
      maxTokens: r.QA_MAX_TOKENS,
      threadTokens: r.QA_THREAD_TOKENS,
      streamEditMs: r.QA_STREAM_EDIT_MS,
      priceUnitUsd: r.QA_PRICE_UNIT_USD,
    },
    slack: {
      botToken: r.SLACK_BOT_TOKEN,
      signingSecret: r.SLACK_SIGNING_SECRET,
      appToken: r.SLACK_APP_TOKEN,
      clientId: r.SLACK_CLIENT_ID,
      clientSecret: r.SLACK_CLIENT_SECRET,
      stateSecret: r.SLACK_STATE_SECRET,
      apiUrl: r.SLACK_API_URL,
      oauthAuthorizeUrl: r.SLACK_OAUTH_AUTHORIZE_URL,
      port: r.SLACK_PORT,
    },
    logLevel: r.LOG_LEVEL,
  });
}
