// @ts-nocheck
import { BotError } from "../../core/errors.js";
import { provenNotAccepted } from "../../core/theta/acceptance.js";
import { errorInfo } from "./finish.js";

export interface SubmitFailure {
  to: "failed" | "ambiguous";
  error: { code: string; message: string };
}

/**
 * How a paid POST that threw ends: `failed` (and refunded) only when the error proves Theta did
 * not accept it; otherwise `ambiguous`, the reservation is kept and the user is told plainly.
 * `what` names the work ("flux", "the transcode"); `check` says where to look before retrying.
 */
export function submitFailure(err: unknown, what: string, check: string): SubmitFailure {
  if (provenNotAccepted(err)) {
    const info = errorInfo(err);
    return { to: "failed", error: { code: info.code, message: `${info.message} Nothing was charged.` } };
  }
  const why =
    err instanceof BotError ? err.message.replace(/\.$/, "") : "the bot could not read Theta's answer";
  return {
    to: "ambiguous",
    error: {
      code: "ambiguous_submission",
      message:
        `The request for ${what} may have been accepted by Theta, but no usable answer came back (${why}). ` +
        `It was not sent again, so you are not charged twice; its cost stays counted against today's budget. ${check}`,
    },
  };
}
