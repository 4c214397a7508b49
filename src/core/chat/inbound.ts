import { BotError } from "../errors.js";
import type { StateStore } from "../store/index.js";

/** How long an inbound id is remembered (Discord interactions and Slack triggers live 15 minutes). */
export const INBOUND_SEEN_TTL_MS = 15 * 60 * 1000;
/** How long the claim may take before the command is answered without it (inside the 3-second ack window). */
export const INBOUND_CLAIM_WAIT_MS = 1200;

export const INTAKE_UNAVAILABLE =
  "The bot's storage is unavailable right now, so this was not run and nothing was charged. Try again in a moment.";

/** The storage could not record an inbound command: it was not run, and the user is told so. */
export function intakeUnavailable(cause?: unknown): BotError {
  return new BotError({
    code: "intake_unavailable",
    family: "runtime",
    retriable: true,
    message: INTAKE_UNAVAILABLE,
    cause,
  });
}

/**
 * Inbound de-duplication: claims `seen:<key>` with set-if-absent. true for the first delivery,
 * false for a repeat. When the store fails or does not answer within `waitMs` it rejects with
 * `intake_unavailable` (nothing has run yet, so "nothing was charged" is true), for the adapter
 * to answer the user instead of dropping the command.
 */
export async function claimInbound(
  store: StateStore,
  key: string,
  waitMs = INBOUND_CLAIM_WAIT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(intakeUnavailable()), waitMs);
  });
  try {
    // Stryker disable next-line StringLiteral: equivalent, only the key's presence is read, never its value
    return await Promise.race([store.setIfAbsent(`seen:${key}`, "1", INBOUND_SEEN_TTL_MS), late]);
  } catch (err) {
    if (err instanceof BotError && err.code === "intake_unavailable") throw err;
    throw intakeUnavailable(err);
  } finally {
    clearTimeout(timer);
  }
}
