// @ts-nocheck
import { type Config, loadConfig } from "../../config.js";
import { EnvCredentialProvider } from "../../core/credentials/provider.js";
import { BotError, isUserFixable } from "../../core/errors.js";
import { createLogger } from "../../core/logger.js";
import { getOperation, OPERATIONS } from "../../core/operations/registry.js";
import { prepare, quoteOperation, type Runtime, runOperation } from "../../core/operations/runner.js";
import { cleanMessage } from "../../core/redact.js";
import { parseOpArgs } from "./args.js";
import { askConfirm, quoteLine } from "./confirm.js";
import { jobsCommand } from "./jobs-cmd.js";
import { stderrProgress } from "./progress.js";
import { renderValue } from "./render.js";
import { type JobRun, QUEUED_OPERATIONS, runQueuedOperation } from "./run-job.js";

export interface CliIo {
  argv: string[];
  /** The environment to configure from; the process environment when omitted (src/config.ts reads it). */
  env?: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
}

export const USAGE = `theta-bot — Theta EdgeCloud from the command line

Usage:
  theta-bot ops                         list every operation (★ paid, ✎ mutating)
  theta-bot op <name> [options] [--<field> <value> …]
  theta-bot jobs list|show <id>|cancel <id> [--json]   the job ledger
  theta-bot help

Options for op:
  --json            print one JSON document on stdout
  --yes             confirm a paid operation without asking
  --args <json>     the whole input as a JSON object
  --<field> <value> one input field (parsed as JSON when it parses, else a string)
  --file f=path     upload a local file for the service's file input f
  --no-wait         submit only (theta.ondemand.infer, theta.video.videoCreate run through the
                    job queue by default: progress on stderr, outputs written to --out)
  --out <dir>       where results are written (default ./output)

Exit codes: 0 success, 1 the operation or Theta failed, 2 usage or configuration error.
Environment: see README.md (THETA_DRY_RUN=1 previews mutating requests and sends nothing).`;

function listOps(out: NodeJS.WritableStream, json: boolean) {
  if (json) {
    const rows = OPERATIONS.map((o) => ({
      name: o.name,
      paid: o.paid,
      mutating: o.mutating,
      summary: o.summary,
    }));
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  for (const o of OPERATIONS) {
    const marks = `${o.paid ? "★" : " "}${o.mutating ? "✎" : " "}`;
    out.write(`${marks} ${o.name.padEnd(36)} ${o.summary}\n`);
  }
  out.write("\n★ paid (asks for confirmation)  ✎ mutating (previewed under THETA_DRY_RUN)\n");
}

function fail(io: CliIo, err: unknown, json: boolean): number {
  const code = isUserFixable(err) ? 2 : 1;
  const e =
    err instanceof BotError
      ? err.toJSON()
      : { code: "internal_error", message: cleanMessage(err instanceof Error ? err.message : String(err)) };
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: e }, null, 2)}\n`);
  io.stderr.write(`theta-bot: ${String(e.message)}${e.code ? ` [${String(e.code)}]` : ""}\n`);
  const issues = (e as { details?: { issues?: string[]; problems?: string[] } }).details;
  for (const line of issues?.issues ?? []) io.stderr.write(`  - ${line}\n`);
  return code;
}

function runtimeFor(config: Config, io: CliIo, opName: string): Runtime {
  const logger = createLogger(config.logLevel ?? "warn", io.stderr);
  if (config.allowLocalEndpoints && opName.startsWith("theta.inference.")) {
    logger.warn("THETA_ALLOW_LOCAL_ENDPOINTS is on: endpoint host rules are lifted (tests only)");
  }
  return { config, credentials: new EnvCredentialProvider(config), logger };
}

async function runOp(io: CliIo, args: string[]): Promise<number> {
  const json = args.includes("--json");
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    return fail(io, err, json);
  }
  try {
    const parsed = parseOpArgs(args);
    const rt = runtimeFor(config, io, parsed.name);
    const { op, input } = prepare(parsed.name, parsed.input);
    const dry = config.dryRun && op.mutating;
    if (op.paid && !dry && !parsed.yes) {
      const quote = await quoteOperation(rt, parsed.name, parsed.input).catch(() => undefined);
      if (!io.stdin.isTTY || !io.stdout.isTTY) {
        throw new BotError({
          code: "CONFIRMATION_REQUIRED",
          family: "usage",
          message: `${parsed.name} is a paid operation (${quoteLine(quote)}). Re-run with --yes to confirm, or set THETA_DRY_RUN=1 to preview.`,
        });
      }
      if (!(await askConfirm(parsed.name, quote, { input: io.stdin, output: io.stderr }))) {
        io.stderr.write("Cancelled; nothing was sent.\n");
        return 2;
      }
    }
    if (QUEUED_OPERATIONS.has(op.name) && !dry && parsed.wait) {
      return await printJob(
        io,
        parsed.json,
        await runQueuedOperation(config, rt.logger, op.name, input as Record<string, unknown>, {
          outDir: parsed.out ?? "./output",
          stderr: io.stderr,
        }),
      );
    }
    const progress = stderrProgress(io.stderr);
    const res = await runOperation(rt, parsed.name, parsed.input, { progress }).finally(() =>
      progress.done(),
    );
    if (parsed.json) {
      const { kind, ...rest } = res;
      const doc = kind === "dryRun" ? { ok: true, dryRun: true, ...rest } : { ok: true, ...rest };
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (res.kind === "dryRun") {
      io.stdout.write(
        `DRY RUN — nothing was sent.\n${renderValue({ request: res.request, result: res.result, quote: res.quote, missingCredentials: res.missingCredentials })}\n`,
      );
    } else {
      const op2 = getOperation(res.operation);
      io.stdout.write(`${op2?.render ? op2.render(res.result) : renderValue(res.result)}\n`);
    }
    return 0;
  } catch (err) {
    return fail(io, err, json);
  }
}

function printJob(io: CliIo, json: boolean, run: JobRun): number {
  const e = run.entry;
  const ok = e.state === "delivered" && e.outcome === "success";
  const doc = {
    ok,
    jobId: e.id,
    state: e.outcome ?? e.state,
    request: e.upstreamId ? { id: e.upstreamId } : undefined,
    outputUrls: e.outputUrls ?? [],
    files: run.files,
    ...(e.text ? { text: e.text } : {}),
    ...(e.cost ? { cost: e.cost } : {}),
    ...(e.error ? { error: e.error } : {}),
  };
  if (json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else {
    io.stdout.write(`${renderValue(doc)}\n`);
  }
  if (!ok && e.error) io.stderr.write(`theta-bot: ${e.error.message} [${e.error.code}]\n`);
  return ok ? 0 : 1;
}

/** The CLI as a function of its inputs (the bin wires process streams; tests call it directly). */
export async function runCli(io: CliIo): Promise<number> {
  const [cmd, ...rest] = io.argv;
  switch (cmd) {
    case "ops":
      listOps(io.stdout, rest.includes("--json"));
      return 0;
    case "op":
      return runOp(io, rest);
    case "jobs": {
      const json = rest.includes("--json");
      try {
        const out = await jobsCommand(io, rest);
        if (json && out !== undefined) io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return 0;
      } catch (err) {
        return fail(io, err, json);
      }
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(`${USAGE}\n`);
      return cmd === undefined ? 2 : 0;
    default:
      io.stderr.write(`theta-bot: unknown command "${cmd}".\n\n${USAGE}\n`);
      return 2;
  }
}
