import { OPERATIONS } from "../../core/operations/registry.js";
import { askCommand } from "./ask-cmd.js";
import { fail } from "./fail.js";
import { jobsCommand } from "./jobs-cmd.js";
import { kbCommand } from "./kb-cmd.js";
import { runOp } from "./run-op.js";

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
  theta-bot op <name> --help            an operation's fields, credentials and cost
  theta-bot op <name> [options] [--<field> <value> …]
  theta-bot jobs list|show <id>|cancel <id> [--json]   the job ledger
  theta-bot kb search "<question>" [--tenant <id>] [--kb-dir <dir>] [--json]
                                        what the Q&A bot would answer from (no model call)
  theta-bot ask "<question>" [--tenant <id>] [--json]   ask the Q&A bot (uses the configured Theta)
  theta-bot help

Options for op:
  --json            print one JSON document on stdout
  --yes             confirm a paid operation without asking
  --args <json>     the whole input as a JSON object
  --<field> <value> one input field, read as the field's type (text stays text: --orgId 42)
  --file f=path     stream a local file for the input f (theta.video.upload: --file clip.mp4)
  --no-wait         submit only (theta.ondemand.infer, theta.video.videoCreate run through the
                    job queue by default: progress on stderr, outputs written to --out)
  --out <dir>       the folder results are written into (default ./output); for
                    theta.billing.usage the chart's PNG path (its numbers go in a .csv beside it)

Exit codes: 0 success, 1 the operation or Theta failed, 2 usage or configuration error.
Environment: see README.md (THETA_DRY_RUN=1 previews mutating requests and sends nothing;
LOG_LEVEL=debug shows logs and stack traces).`;

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

/** The CLI as a function of its inputs (the bin wires process streams; tests call it directly). */
export async function runCli(io: CliIo): Promise<number> {
  const [cmd, ...rest] = io.argv;
  switch (cmd) {
    case "ops":
      listOps(io.stdout, rest.includes("--json"));
      return 0;
    case "op":
      return runOp(io, rest);
    case "jobs":
    case "kb":
    case "ask": {
      const json = rest.includes("--json");
      try {
        const run = cmd === "jobs" ? jobsCommand : cmd === "kb" ? kbCommand : askCommand;
        const out = await run(io, rest);
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
