import { BotError, isUserFixable } from "../../core/errors.js";
import { cleanMessage } from "../../core/redact.js";

export interface FailIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** What to do next, for errors whose message does not already say it. */
function nextStep(e: BotError | undefined): string | undefined {
  if (!e) return "Run again with LOG_LEVEL=debug to see the details.";
  if (e.code === "theta_timeout") return "Try again; THETA_HTTP_TIMEOUT_MS sets how long to wait.";
  if (e.code === "theta_network_error") return "Check the network and the THETA_*_BASE_URL variables.";
  return undefined;
}

/**
 * Prints an error for people: one line with what went wrong (and what to do), each input problem
 * on its own line; `--json` adds the machine document on stdout; stacks only at LOG_LEVEL=debug.
 * Returns the exit code: 2 for usage and configuration errors, 1 for everything else.
 */
export function fail(io: FailIo, err: unknown, json: boolean, debug = false): number {
  const bot = err instanceof BotError ? err : undefined;
  const e = bot
    ? bot.toJSON()
    : { code: "internal_error", message: cleanMessage(err instanceof Error ? err.message : String(err)) };
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: e }, null, 2)}\n`);
  const issues = (bot?.details?.issues as string[] | undefined) ?? [];
  const head = issues.length ? String(e.message).split(":")[0] : String(e.message);
  const hint = nextStep(bot);
  io.stderr.write(
    `theta-bot: ${head}${issues.length ? ":" : ""}${hint ? ` ${hint}` : ""} [${String(e.code)}]\n`,
  );
  for (const line of issues) io.stderr.write(`  - ${line}\n`);
  if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return isUserFixable(err) ? 2 : 1;
}
