/**
 * The only reader of process.env: parses it with the schema in config-schema.ts and shapes the
 * result, frozen. Invalid values fail at start with one message that lists every bad variable and why.
 */
import { baseUrl } from "./config-fields.js";
import { DEFAULT_HOSTS, type Raw, schema } from "./config-schema.js";
import { shardProblems } from "./config-shards.js";
import { webhookSettings } from "./config-webhooks.js";
import { configError } from "./core/errors.js";
import { registerSecret } from "./core/redact.js";

export { DEFAULT_HOSTS };

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
