// @ts-nocheck
import { Writable } from "node:stream";
import { type Config, loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { createLogger } from "../../src/core/logger.js";
import { type RunOptions, type Runtime, runOperation } from "../../src/core/operations/runner.js";
import { createThetaDouble, type ThetaDouble, type ThetaDoubleOptions } from "../doubles/theta/index.js";

/** A writable that keeps every line written (for asserting on logs). */
export function captureStream(): Writable & { text(): string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { text(): string };
  w.text = () => chunks.join("");
  return w;
}

export interface Harness {
  double: ThetaDouble;
  env: Record<string, string>;
  config: Config;
  rt: Runtime;
  logs: ReturnType<typeof captureStream>;
  run(name: string, input?: unknown, o?: RunOptions): Promise<unknown>;
  runtimeWith(env: Record<string, string | undefined>): Runtime;
}

/** Env for the double with fast retries; `overrides` may unset variables with undefined. */
export function doubleEnv(double: ThetaDouble, overrides: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = {
    ...double.env(),
    THETA_HTTP_RETRY_BACKOFF_MS: "25",
    THETA_HTTP_TIMEOUT_MS: "5000",
    LOG_LEVEL: "debug",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export async function startHarness(opts: ThetaDoubleOptions = {}): Promise<Harness> {
  const double = await createThetaDouble({
    inferTiming: { pendingMs: 20, processingMs: 40 },
    warmup: [],
    ...opts,
  });
  const logs = captureStream();
  const runtimeWith = (overrides: Record<string, string | undefined>): Runtime => {
    const config = loadConfig(doubleEnv(double, overrides));
    return { config, credentials: new EnvCredentialProvider(config), logger: createLogger("debug", logs) };
  };
  const env = doubleEnv(double);
  const rt = runtimeWith({});
  return {
    double,
    env,
    config: rt.config,
    rt,
    logs,
    runtimeWith,
    async run(name, input = {}, o = {}) {
      const r = await runOperation(rt, name, input, o);
      return r.kind === "result" ? r.result : r;
    },
  };
}
