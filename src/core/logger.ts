import { type Logger, pino } from "pino";
import { redact, redactValue } from "./redact.js";

export type { Logger };

/** Secret-named fields, one and two levels down (pino paths match exactly, so both depths are listed). */
const SECRET_KEYS = [
  "apiKey",
  "token",
  "botToken",
  "appToken",
  "accessToken",
  "refreshToken",
  "secret",
  "saSecret",
  "clientSecret",
  "signingSecret",
  "stateSecret",
  "encryptionKey",
  "pass",
  "password",
  "authorization",
  "response_url",
  "responseUrl",
  "sealedToken",
];

const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  "*.headers.authorization",
  "*.headers.cookie",
  "*.headers['x-api-key']",
  "*.headers['x-tva-sa-secret']",
  "*.headers['x-slack-signature']",
  "credentials",
  "*.credentials",
];

/**
 * Errors as pino's standard serializer shows them (type, message, stack, cause, own fields), then
 * deep-redacted: library errors carry request URLs (discord.js: `/webhooks/{app}/{token}/…`),
 * request bodies and headers in their own fields, at any depth.
 */
export function serializeError(err: unknown): unknown {
  const plain = err instanceof Error ? pino.stdSerializers.err(err) : err;
  return redactValue(plain);
}

/**
 * pino with secrets removed three times: by path (structured fields), errors deep-redacted by their
 * serializer, and by pattern / known value over every line written (messages, stacks, anything).
 */
export function createLogger(
  level: string = "info",
  destination: NodeJS.WritableStream = process.stderr,
): Logger {
  return pino(
    {
      level,
      base: { app: "theta-bot" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: {
        streamWrite: (line) => redact(line),
      },
      serializers: { err: serializeError, error: serializeError },
    },
    destination as pino.DestinationStream,
  );
}
