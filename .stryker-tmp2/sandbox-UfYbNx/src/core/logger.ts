// @ts-nocheck
import { type Logger, pino } from "pino";
import { redact } from "./redact.js";

export type { Logger };

const REDACT_PATHS = [
  "*.apiKey",
  "*.token",
  "*.secret",
  "*.saSecret",
  "*.pass",
  "*.password",
  "*.authorization",
  "*.headers.authorization",
  "*.headers['x-api-key']",
  "*.headers['x-tva-sa-secret']",
  "credentials",
  "*.credentials",
];

/**
 * pino with secrets removed twice: by path (structured fields) and by pattern/known value (every
 * string that reaches the output, including error messages and stacks).
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
      serializers: { err: pino.stdSerializers.err },
    },
    destination as pino.DestinationStream,
  );
}
