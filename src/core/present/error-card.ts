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
    /^(intake_unavailable|store_unavailable|queue_unavailable)$/,
    "upstream",
    "The bot's storage is unavailable",
  ],
  [
    /^(theta_upstream_error|theta_timeout|theta_network_error|theta_bad_response|theta_cloudflare_blocked)$/,
    "upstream",
    "Theta or the bot's queue is not answering",
  ],
  [/^(media_too_large)$/, "too_large", "Output too large"],
  // Its text says what matters (it may be charged, it was not sent again): never a bare reference id.
  [/^(ambiguous_submission)$/, "upstream", "Theta may have accepted this"],
  [/^(action_expired|action_used)$/, "expired", "This button has expired"],
  [/^(theta_unauthorized)$/, "credentials", "Theta refused the credentials"],
];

/** The error's text; a hint meant for admins (`details.operatorHint`) is added only for them. */
function textFor(err: BotError, viewer: { isAdmin: boolean } | undefined): string {
  // Where the store is (host:port) is for the operator's log, not for chat.
  if (err.code === "store_unavailable" || err.code === "queue_unavailable")
    return "The bot's storage is not answering right now. Try again in a moment.";
  const hint = err.details?.operatorHint;
  return viewer?.isAdmin && typeof hint === "string" ? `${err.message} ${hint}` : err.message;
}

/**
 * The one error mapper every adapter uses: typed errors become text a user can act on; anything
 * else gets a short reference id, and the full error goes to the log under that id. `viewer` is who
 * reads the card: admin-only hints are shown to admins only.
 */
export function errorCard(err: unknown, logger: Logger, viewer?: { isAdmin: boolean }): ErrorCard {
  if (err instanceof BotError) {
    for (const [re, kind, title] of BY_CODE)
      if (re.test(err.code)) return { kind, title, text: textFor(err, viewer) };
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
