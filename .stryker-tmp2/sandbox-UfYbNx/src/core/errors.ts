// @ts-nocheck
import { cleanMessage } from "./redact.js";

/** Which part of the system an error came from. Theta families match the client modules. */
export type ErrorFamily =
  | "controller"
  | "platform"
  | "ondemand"
  | "inference"
  | "video"
  | "config"
  | "usage"
  | "runtime"
  | "media"
  | "jobs";

export interface BotErrorInit {
  code: string;
  message: string;
  family: ErrorFamily;
  status?: number | undefined;
  retriable?: boolean | undefined;
  /** Seconds the caller should wait before retrying, when upstream said so (Retry-After). */
  retryAfterSeconds?: number | undefined;
  /** Extra, already-safe details for renderers (never secrets). */
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

/**
 * The one error type the core throws. `code` is stable (snake-or-screaming case, never reworded);
 * `message` is whitespace-collapsed, redacted and truncated at construction, so it is always safe
 * to show or log.
 */
export class BotError extends Error {
  readonly code: string;
  readonly family: ErrorFamily;
  readonly status: number | undefined;
  readonly retriable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: BotErrorInit) {
    super(cleanMessage(init.message, 400), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "BotError";
    this.code = init.code;
    this.family = init.family;
    this.status = init.status;
    this.retriable = init.retriable ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      family: this.family,
      status: this.status,
      retriable: this.retriable,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Input that does not fit an operation's schema, or a CLI call whose words are off. */
export function usageError(code: string, message: string, details?: Record<string, unknown>): BotError {
  return new BotError({ code, message, family: "usage", details });
}

/** Configuration that is missing or invalid; the message names the variables and the fix. */
export function configError(code: string, message: string, details?: Record<string, unknown>): BotError {
  return new BotError({ code, message, family: "config", details });
}

export function isBotError(err: unknown): err is BotError {
  return err instanceof BotError;
}

/** Errors that are the caller's to fix (exit code 2 in the CLI), as opposed to upstream failures. */
export function isUserFixable(err: unknown): boolean {
  return isBotError(err) && (err.family === "usage" || err.family === "config");
}
