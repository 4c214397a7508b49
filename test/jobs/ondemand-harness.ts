import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { BotError } from "../../src/core/errors.js";
import { createLogger } from "../../src/core/logger.js";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import type { StateStore } from "../../src/core/store/index.js";
import { RecordingDelivery } from "../../src/jobs/delivery-recording.js";
import { Ledger, type LedgerEntry } from "../../src/jobs/ledger.js";
import type { JobDeps } from "../../src/jobs/processors/deps.js";
import { type OndemandJobData, ondemandStep } from "../../src/jobs/processors/ondemand.js";
import type { JobContext, JobProgress, StepResult } from "../../src/jobs/queue/job-queue.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { doubleEnv } from "../helpers/theta-runtime.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/**
 * One on-demand step at a time against the Theta double, over an embedded store that can be
 * switched "down" (Redis away: every call rejects with store_unavailable) or made to fail a
 * write with a plain error (a broken disk), to see what each outage leaves behind.
 */
export const origin: JobOrigin = { platform: "test", tenantId: "t1", userId: "u1" };

export interface StoreSwitch {
  /** Every store call rejects with store_unavailable while true. */
  down: boolean;
  /** Called before each compareAndSet (a ledger write) with the state it writes; may throw to fail it. */
  beforeWrite?: ((state: string | undefined) => void) | undefined;
}

export const outage = () =>
  new BotError({ code: "store_unavailable", family: "runtime", retriable: true, message: "Redis is away." });

function switchable(inner: StateStore, sw: StoreSwitch): StateStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        if (sw.down) return Promise.reject(outage());
        if (prop === "compareAndSet" && sw.beforeWrite) {
          try {
            const next = args[2];
            sw.beforeWrite(
              typeof next === "string" ? (JSON.parse(next) as { state?: string }).state : undefined,
            );
          } catch (err) {
            return Promise.reject(err);
          }
        }
        return v.apply(target, args);
      };
    },
  });
}

export type Harness = Awaited<ReturnType<typeof openHarness>>;

export async function openHarness(
  double: ThetaDouble,
  opened: OpenedStore[],
  env: Record<string, string> = {},
) {
  const o = await openEmbedded();
  opened.push(o);
  const sw: StoreSwitch = { down: false };
  const store = switchable(o.store, sw);
  const config = loadConfig(
    doubleEnv(double, {
      LOG_LEVEL: "silent",
      JOB_POLL_BASE_MS: "1000",
      JOB_POLL_MAX_MS: "10000",
      THETA_HTTP_MAX_RETRIES: "0",
      THETA_OUTPUT_HOSTS: "127.0.0.1",
      ...env,
    }),
  );
  const ledger = new Ledger(store);
  const sink = new RecordingDelivery();
  const finished: Array<Record<string, unknown>> = [];
  /** What the operator's log received (warnings and errors), one parsed line each. */
  const logs: Array<Record<string, unknown>> = [];
  const logSink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const deps: JobDeps = {
    config,
    ledger,
    credentials: new EnvCredentialProvider(config),
    delivery: sink,
    logger: createLogger("warn", logSink),
    events: { onFinished: (x) => void finished.push(x as unknown as Record<string, unknown>) },
  };
  const stages: JobProgress[] = [];
  /** Runs before each progress report reaches the queue (e.g. another worker acting meanwhile). */
  let onStage: ((p: JobProgress) => Promise<void>) | undefined;
  const job = async (id: string, data: Partial<OndemandJobData> = {}, service = data.service ?? "flux") => {
    const d: OndemandJobData = { service, input: { prompt: id }, ...data };
    await ledger.create({ id, kind: "ondemand", title: id, origin, service, data: d });
    return d;
  };
  const step = (
    id: string,
    data: OndemandJobData,
    signal = new AbortController().signal,
  ): Promise<StepResult> => {
    const ctx: JobContext<OndemandJobData> = {
      id,
      name: "ondemand",
      data,
      run: 1,
      recovered: false,
      progress: async (p) => {
        stages.push(p);
        await onStage?.(p);
      },
      signal,
    };
    return ondemandStep(ctx, deps);
  };
  const get = async (id: string) => (await ledger.get(id)) as LedgerEntry;
  return {
    store,
    sw,
    ledger,
    sink,
    deps,
    job,
    step,
    stages,
    finished,
    logs,
    get,
    set onStage(f: ((p: JobProgress) => Promise<void>) | undefined) {
      onStage = f;
    },
  };
}

/**
 * The test file's Theta double (answering after `timing`, no warm-up), handed to `set` once it
 * listens, and the stores the file opens: after each test the clock is real again, the double's
 * log and faults are cleared and the stores are disposed. Returns the list to push opened stores to.
 */
export function useThetaDouble(
  timing: { pendingMs: number; processingMs: number },
  set: (d: ThetaDouble) => void,
): OpenedStore[] {
  let double: ThetaDouble | undefined;
  const opened: OpenedStore[] = [];
  beforeAll(async () => {
    double = await createThetaDouble({ inferTiming: timing, warmup: [] });
    set(double);
  });
  afterAll(() => double?.close());
  afterEach(async () => {
    vi.useRealTimers();
    double?.reset();
    await Promise.all(opened.splice(0).map((o) => o.dispose()));
  });
  return opened;
}
