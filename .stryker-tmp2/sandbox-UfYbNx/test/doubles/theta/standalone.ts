/**
 * Runs the double as a process: `npx tsx test/doubles/theta/standalone.ts [--port N]`.
 * Prints `export VAR=value` lines (eval-able) on stdout, then serves until SIGINT/SIGTERM.
 */
// @ts-nocheck

import { createThetaDouble } from "./server.js";

function parsePort(argv: string[]): number {
  const i = argv.findIndex((a) => a === "--port" || a.startsWith("--port="));
  if (i < 0) return 0;
  const arg = argv[i] ?? "";
  const raw = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`invalid --port: ${String(raw)}\n`);
    process.exit(2);
  }
  return port;
}

const shellQuote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;

const double = await createThetaDouble({
  port: parsePort(process.argv.slice(2)),
  inferTiming: { pendingMs: 500, processingMs: 1500 },
});
for (const [k, v] of Object.entries(double.env())) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
process.stderr.write(`theta double listening on ${double.url} (Ctrl-C to stop)\n`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  void double.close().then(() => process.exit(0));
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
