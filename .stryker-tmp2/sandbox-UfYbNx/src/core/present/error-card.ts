// @ts-nocheck
import { randomBytes } from "node:crypto";
import { BotError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ErrorCard } from "./cards.js";

const BY_CODE: Array<[RegExp, ErrorCard["kind"], string]> = [
  [/^(permission_denied|not_requester)$/, "permission", "Not allowed"],
  [
    /^(missing_credentials|encryption_key_missing|INVALID_INFERENCE_ENDPOINT)$/,
    "credentials",
    "Theta credentials needed",
  ],
  [/^(budget_exceeded|too_many_jobs)$/, "budget", "Spending limit reached"],
  [/^(service_not_live|theta_not_found)$/, "not_live", "Not available"],
  [/^(theta_capacity|theta_rate_limited)$/, "capacity", "Theta is busy"],
  [
    /^(theta_upstream_error|theta_timeout|theta_network_error|theta_bad_response|theta_cloudflare_blocked|store_unavailable|queue_unavailable)$/,
    "upstream",
    "Theta or the bot's queue is not answering",
  ],
  [/^(media_too_large)$/, "too_large", "Output too large"],
  [/^(action_expired|action_used)$/, "expired", "This button has expired"],
  [/^(theta_unauthorized)$/, "credentials", "Theta refused the credentials"],
];

/**
 * The one error mapper every adapter uses: typed errors become text a user can act on; anything
 * else gets a short reference id, and the full error goes to the log under that id.
 */
export function errorCard(err: unknown, logger: Logger): ErrorCard {
  if (err instanceof BotError) {
    for (const [re, kind, title] of BY_CODE) if (re.test(err.code)) return { kind, title, text: err.message };
    if (err.family === "usage" || err.family === "config")
      return { kind: "input", title: "Check the command", text: err.message };
    if (err.family !== "runtime" && err.family !== "jobs")
      return { kind: "upstream", title: "Theta answered with an error", text: err.message };
  }
  const refId = randomBytes(3).toString("hex").toUpperCase();
  logger.error({ err, refId }, "unexpected error in a chat command");
  return {
    kind: "internal",
    title: "Something went wrong",
    text: `Something went wrong on our side. If it keeps happening, give the bot's operator this reference: ${refId}.`,
    refId,
  };
}
