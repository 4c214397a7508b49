import { BotError } from "../errors.js";

/**
 * Did a failed paid request prove that Theta did not accept it? Only then may the bot say
 * "nothing was charged" and give the reservation back. Proof is:
 * - an error raised before anything was sent (input checks, missing credentials: usage/config);
 * - a connection that never opened (refused, DNS failure, connect timeout);
 * - a 4xx answer that refuses the work: validation, auth, not found, 409 capacity, 429.
 * Everything else after the request left (5xx, 408/425, a timeout while waiting, a malformed,
 * empty or HTML body, a 2xx error envelope, a missing id, a redirect) may follow an accepted,
 * billed request: it is ambiguous.
 */
export function provenNotAccepted(err: unknown): boolean {
  if (!(err instanceof BotError)) return false;
  if (err.family === "usage" || err.family === "config") return true;
  if (err.details?.notSent === true) return true;
  const s = err.status;
  // Stryker disable next-line ConditionalExpression: equivalent, `undefined >= 400` is false too (the check is for the type)
  return s !== undefined && s >= 400 && s < 500 && s !== 408 && s !== 425;
}
