import { type Config, loadConfig } from "../../config.js";
import { EnvCredentialProvider } from "../../core/credentials/provider.js";
import { BotError, usageError } from "../../core/errors.js";
import { createLogger } from "../../core/logger.js";
import type { AnyOperation } from "../../core/operations/define.js";
import { checkInferInputAgainst, type InferInputShape } from "../../core/operations/ondemand-inputs.js";
import {
  findOperation,
  prepare,
  quoteOperation,
  type Runtime,
  runOperation,
} from "../../core/operations/runner.js";
import { ThetaClient } from "../../core/theta/client.js";
import type { ServiceDiscovery } from "../../core/theta/ondemand.js";
import type { ServiceSummary } from "../../core/theta/ondemand-services.js";
import { type OpArgs, parseOpArgs } from "./args.js";
import { askConfirm, quoteLine } from "./confirm.js";
import { fail } from "./fail.js";
import { operationHelp } from "./op-help.js";
import { buildInput, checkOpInput } from "./op-input.js";
import { checkOutDir } from "./out-dir.js";
import { printJob } from "./print-job.js";
import { stderrProgress } from "./progress.js";
import { renderValue } from "./render.js";
import type { CliIo } from "./run-cli.js";
import { QUEUED_OPERATIONS, runQueuedOperation } from "./run-job.js";
import { writeUsageChart } from "./usage-out.js";

function runtimeFor(config: Config, io: CliIo, opName: string): Runtime {
  // The CLI speaks to people: no log lines unless LOG_LEVEL asks for them.
  const logger = createLogger(config.logLevel ?? "silent", io.stderr);
  if (config.allowLocalEndpoints && opName.startsWith("theta.inference.")) {
    io.stderr.write(
      "theta-bot: THETA_ALLOW_LOCAL_ENDPOINTS is on: endpoint host rules are lifted (tests only).\n",
    );
  }
  return { config, credentials: new EnvCredentialProvider(config), logger };
}

/** Live discovery (free, no token needed): the service list for help and plain-word errors. */
async function discover(config: Config): Promise<ServiceDiscovery> {
  const client = new ThetaClient({
    baseUrls: config.baseUrls,
    http: { ...config.http, maxRetries: 0 },
    credentials: {},
    allowLocalEndpoints: config.allowLocalEndpoints,
    outputHosts: config.outputHosts,
  });
  return client.ondemandPublic.discover();
}

const services = async (config: Config): Promise<ServiceSummary[]> => (await discover(config)).services;

/** `--service is required` for an on-demand operation: say which services are live. */
async function withServiceChoices(config: Config, err: unknown): Promise<unknown> {
  const issues = err instanceof BotError ? (err.details?.issues as string[] | undefined) : undefined;
  const at = issues?.findIndex((l) => l.startsWith("--service is required")) ?? -1;
  if (!issues || at < 0) return err;
  const live = await services(config).catch(() => []);
  if (!live.length) return err;
  const fixed = [...issues];
  fixed[at] = `--service is required: one of ${live.map((s) => s.alias).join(", ")}`;
  return usageError(
    "INVALID_INPUT",
    `${err instanceof Error ? err.message.split(":")[0] : ""}: ${fixed.join("; ")}`,
    {
      issues: fixed,
    },
  );
}

async function help(io: CliIo, config: Config, op: AnyOperation, a: OpArgs): Promise<number> {
  const alias = typeof a.fields.service === "string" ? a.fields.service : undefined;
  const svc = alias ? (await services(config).catch(() => [])).find((s) => s.alias === alias) : undefined;
  io.stdout.write(`${operationHelp(op, svc)}\n`);
  return 0;
}

async function confirmPaid(io: CliIo, rt: Runtime, a: OpArgs, input: unknown): Promise<boolean> {
  const quote = await quoteOperation(rt, a.name, input).catch(() => undefined);
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    throw new BotError({
      code: "CONFIRMATION_REQUIRED",
      family: "usage",
      message: `${a.name} is a paid operation (${quoteLine(quote)}). Re-run with --yes to confirm, or set THETA_DRY_RUN=1 to preview.`,
    });
  }
  if (await askConfirm(a.name, quote, { input: io.stdin, output: io.stderr })) return true;
  io.stderr.write("Cancelled; nothing was sent.\n");
  return false;
}

/** `theta-bot op <name> …`: parse, check everything that can be checked, confirm, run. */
export async function runOp(io: CliIo, argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    return fail(io, err, json);
  }
  const debug = config.logLevel === "debug" || config.logLevel === "trace";
  try {
    const a = parseOpArgs(argv);
    const op = findOperation(a.name);
    if (a.help) return await help(io, config, op, a);
    const raw = buildInput(op, a);
    try {
      checkOpInput(op, raw);
    } catch (err) {
      throw await withServiceChoices(config, err);
    }
    const rt = runtimeFor(config, io, a.name);
    const { input } = prepare(a.name, raw);
    if (op.name === "theta.ondemand.infer")
      checkInferInputAgainst(await discover(config), input as InferInputShape);
    const dry = config.dryRun && op.mutating;
    const queued = QUEUED_OPERATIONS.has(op.name) && !dry && a.wait;
    if (queued) {
      // Everything that can fail for the caller's reasons fails now, before anything is paid for.
      for (const family of op.families) await rt.credentials.resolve(undefined, family);
      checkOutDir(a.out ?? "./output");
    }
    if (op.paid && !dry && !a.yes && !(await confirmPaid(io, rt, a, raw))) return 2;
    if (queued) {
      const run = await runQueuedOperation(
        { ...rt, stderr: io.stderr },
        op.name,
        input as Record<string, unknown>,
        {
          outDir: a.out ?? "./output",
        },
      );
      return printJob(io, a.json, run);
    }
    const progress = stderrProgress(io.stderr);
    const res = await runOperation(rt, a.name, raw, { progress }).finally(() => progress.done());
    const chart =
      res.kind === "result" && res.operation === "theta.billing.usage" && a.out
        ? await writeUsageChart(res.result, a.out)
        : undefined;
    if (chart && !a.json) io.stderr.write(`Chart written to ${chart.png} (numbers in ${chart.csv})\n`);
    if (a.json) {
      const { kind, ...rest } = res;
      const base = kind === "dryRun" ? { ok: true, dryRun: true, ...rest } : { ok: true, ...rest };
      const doc = chart ? { ...base, chart } : base;
      io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (res.kind === "dryRun") {
      io.stdout.write(
        `DRY RUN — nothing was sent.\n${renderValue({ request: res.request, result: res.result, quote: res.quote, missingCredentials: res.missingCredentials })}\n`,
      );
    } else {
      io.stdout.write(`${op.render ? op.render(res.result) : renderValue(res.result)}\n`);
    }
    return 0;
  } catch (err) {
    return fail(io, err, json, debug);
  }
}
