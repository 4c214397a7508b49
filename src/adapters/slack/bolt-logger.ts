import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../core/logger.js";

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/**
 * Bolt's (and its web client's) logging through the app's pino logger, so it gets the same
 * redaction as everything else instead of going to the console in clear.
 */
export function boltLogger(logger: Logger, level: LogLevel = LogLevel.WARN): SlackLogger {
  const log = logger.child({ part: "bolt" });
  let current = level;
  const enabled = (l: LogLevel) => ORDER.indexOf(l) >= ORDER.indexOf(current);
  const write = (l: LogLevel, msg: unknown[]) => {
    if (!enabled(l)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg
      .filter((m) => m !== err)
      .map((m) => (typeof m === "string" ? m : JSON.stringify(m)))
      .join(" ");
    const fields = err ? { err } : {};
    if (l === LogLevel.ERROR) log.error(fields, text);
    else if (l === LogLevel.WARN) log.warn(fields, text);
    else if (l === LogLevel.INFO) log.info(fields, text);
    else log.debug(fields, text);
  };
  return {
    debug: (...m: unknown[]) => write(LogLevel.DEBUG, m),
    info: (...m: unknown[]) => write(LogLevel.INFO, m),
    warn: (...m: unknown[]) => write(LogLevel.WARN, m),
    error: (...m: unknown[]) => write(LogLevel.ERROR, m),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => {},
  };
}
