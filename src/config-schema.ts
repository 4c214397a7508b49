/**
 * The environment variables theta-bot reads, one zod schema: each one's default, range and the
 * message an invalid value gets. `config.ts` parses the environment with it and shapes the result.
 */
import { z } from "zod";
import { baseUrl, bool, clampedInt, hostList, nonNegativeNumber, optionalString } from "./config-fields.js";
import { redisPrefix, shardCount, shardIds } from "./config-shards.js";

export const DEFAULT_HOSTS = {
  controller: "https://controller.thetaedgecloud.com",
  platform: "https://api.thetaedgecloud.com",
  ondemand: "https://ondemand.thetaedgecloud.com",
  video: "https://api.thetavideoapi.com",
} as const;

export const schema = z.object({
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

export type Raw = z.output<typeof schema>;
