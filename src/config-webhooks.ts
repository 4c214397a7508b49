import { hkdfSync } from "node:crypto";
import { configError } from "./core/errors.js";

/** The already-parsed variables webhook settings are made from (config.ts reads the environment). */
export interface WebhookVars {
  PUBLIC_URL?: string | undefined;
  WEBHOOK_SECRET?: string | undefined;
  BOT_ENCRYPTION_KEY?: string | undefined;
  JOB_WEBHOOK_POLL_MS: number;
}

/**
 * PUBLIC_URL turns completion webhooks on. Their tokens are HMACs under a key derived (HKDF) from
 * WEBHOOK_SECRET, else from BOT_ENCRYPTION_KEY, so every replica computes the same token.
 */
export function webhookSettings(
  r: WebhookVars,
): { publicUrl: string; key: Buffer; safetyPollMs: number } | undefined {
  if (!r.PUBLIC_URL) return undefined;
  const secret = r.WEBHOOK_SECRET ?? r.BOT_ENCRYPTION_KEY;
  if (!secret) {
    throw configError(
      "CONFIG_INVALID",
      "Invalid configuration: PUBLIC_URL is set, so completion webhooks need a signing key: set WEBHOOK_SECRET (`openssl rand -hex 32`) or BOT_ENCRYPTION_KEY, the same on every replica.",
      { variables: ["PUBLIC_URL", "WEBHOOK_SECRET"] },
    );
  }
  const key = Buffer.from(hkdfSync("sha256", secret, "theta-bot", "completion webhooks", 32));
  return { publicUrl: r.PUBLIC_URL.replace(/\/+$/, ""), key, safetyPollMs: r.JOB_WEBHOOK_POLL_MS };
}
