// @ts-nocheck
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { createLogger } from "../../src/core/logger.js";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import { openStateStore, type StateStore } from "../../src/core/store/index.js";
import { RecordingDelivery } from "../../src/jobs/delivery-recording.js";
import { Ledger } from "../../src/jobs/ledger.js";
import type { JobDeps } from "../../src/jobs/processors/deps.js";
import { openJobQueue } from "../../src/jobs/queue/index.js";
import { JobService } from "../../src/jobs/service.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { doubleEnv } from "./theta-runtime.js";

export const REDIS_URL = "redis://127.0.0.1:6379";

export interface JobStack {
  service: JobService;
  store: StateStore;
  sink: RecordingDelivery;
  deps: JobDeps;
  close(): Promise<void>;
}

export const cliOrigin: JobOrigin = { platform: "test", tenantId: "t1", userId: "u1" };

/** A complete job stack (store, ledger, queue, processors, recording sink) over the Theta double. */
export async function startJobStack(
  double: ThetaDouble,
  o: {
    redis?: boolean;
    env?: Record<string, string | undefined>;
    concurrency?: number;
    prefix?: string;
  } = {},
): Promise<JobStack> {
  const prefix = o.prefix ?? `tbtest-${randomBytes(4).toString("hex")}`;
  const config = loadConfig(
    doubleEnv(double, { JOB_POLL_BASE_MS: "50", JOB_POLL_MAX_MS: "200", LOG_LEVEL: "silent", ...o.env }),
  );
  const store = await openStateStore({
    redisUrl: o.redis ? REDIS_URL : undefined,
    dataDir: mkdtempSync(join(tmpdir(), "tb-jobs-")),
    keyPrefix: `${prefix}:`,
  });
  const queue = openJobQueue(o.redis ? { redisUrl: REDIS_URL, prefix, stalledIntervalMs: 1000 } : {});
  const ledger = new Ledger(store);
  const sink = new RecordingDelivery();
  const deps: JobDeps = {
    config,
    ledger,
    credentials: new EnvCredentialProvider(config),
    delivery: sink,
    logger: createLogger("silent"),
  };
  const service = new JobService(queue, ledger);
  await service.startWorkers(deps, o.concurrency ?? 4);
  return {
    service,
    store,
    sink,
    deps,
    async close() {
      await queue.close({ timeoutMs: 2000 });
      if (o.redis) {
        for (const k of await store.keys("", 100_000)) await store.delete(k);
      }
      await store.close();
    },
  };
}
