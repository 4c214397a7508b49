// @ts-nocheck
import type { Config } from "../config.js";
import { ServiceCache } from "../core/chat/services.js";
import { settleJobSpend } from "../core/chat/settle.js";
import type { CredentialProvider } from "../core/credentials/provider.js";
import { configError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { Metrics } from "../core/metrics.js";
import type { Runtime } from "../core/operations/runner.js";
import { TenantCredentialProvider, TenantCredentialStore } from "../core/policy/index.js";
import { KnowledgeBase } from "../core/qa/knowledge-base.js";
import { QaService } from "../core/qa/service.js";
import { openStateStore, type StateStore } from "../core/store/index.js";
import { ThetaClient } from "../core/theta/client.js";
import { type Delivery, DeliveryRouter } from "../jobs/delivery.js";
import { IdempotentDelivery } from "../jobs/delivery-recording.js";
import { Ledger } from "../jobs/ledger.js";
import type { JobDeps } from "../jobs/processors/deps.js";
import { JOB_STATES, type JobQueue, openJobQueue } from "../jobs/queue/index.js";
import { EmbeddedQueueLease } from "../jobs/queue-owner.js";
import { JobService } from "../jobs/service.js";

export interface App {
  config: Config;
  logger: Logger;
  store: StateStore;
  queue: JobQueue;
  jobs: JobService;
  metrics: Metrics;
  runtime: Runtime;
  deps: JobDeps;
  /** Per-tenant encrypted credentials (chat servers and workspaces). */
  tenantCredentials: TenantCredentialStore;
  /** On-demand discovery cached for a minute (chat quotes, model pickers, autocomplete). */
  services: ServiceCache;
  /** The support Q&A bot (knowledge base, threads, tools, feedback). */
  qa: QaService;
  workersRunning: boolean;
  startWorkers(recoverPlatforms: readonly string[]): Promise<void>;
  close(timeoutMs?: number): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** Where results go, per platform (wrapped so a result is never posted twice). */
  delivery?: DeliveryRouter;
  credentials?: CredentialProvider;
  /** Force the embedded queue even with REDIS_URL (the CLI runs its own jobs in-process). */
  embeddedQueue?: boolean;
}

/** Wires store, queue, ledger, metrics and the operation runtime from configuration. */
export async function createApp(config: Config, o: AppOptions): Promise<App> {
  const store = await openStateStore({ redisUrl: config.redisUrl, dataDir: config.dataDir });
  const queue = openJobQueue(o.embeddedQueue ? {} : { redisUrl: config.redisUrl });
  const ledger = new Ledger(store);
  const metrics = new Metrics();
  const tenantCredentials = new TenantCredentialStore(store, config.encryptionKey, {
    allowLocalEndpoints: config.allowLocalEndpoints,
  });
  // Tenants use their own credentials; the CLI (no tenant) uses the operator's environment.
  const credentials = o.credentials ?? new TenantCredentialProvider(config, tenantCredentials);
  const hooks = metrics.thetaHooks();
  const publicClient = new ThetaClient({
    baseUrls: config.baseUrls,
    http: config.http,
    credentials: {},
    outputHosts: config.outputHosts,
    hooks,
  });
  const services = new ServiceCache(() => publicClient);
  const delivery: Delivery = new IdempotentDelivery(o.delivery ?? new DeliveryRouter(), store);
  const deps: JobDeps = {
    config,
    ledger,
    credentials,
    delivery,
    logger: o.logger.child({ part: "jobs" }),
    hooks,
    events: { onFinished: (e) => metrics.jobFinished(e), onFinal: (e) => settleJobSpend(store, e) },
  };
  const jobs = new JobService(queue, ledger);
  const runtime: Runtime = { config, credentials, logger: o.logger, hooks, discover: () => services.get() };
  const qa = new QaService({
    rt: runtime,
    store,
    kb: await loadKnowledge(store, config.qa.knowledgeDir),
    config: config.qa,
    recentJobs: async (c) =>
      (await ledger.list({ userId: c.userId, tenantId: c.tenantId, limit: 20 }))
        .filter((e) => e.origin.platform === c.platform)
        .slice(0, 5),
    discover: () => services.get(),
  });
  let lease: EmbeddedQueueLease | undefined;
  const app: App = {
    config,
    logger: o.logger,
    store,
    queue,
    jobs,
    metrics,
    runtime,
    deps,
    tenantCredentials,
    services,
    qa,
    workersRunning: false,
    async startWorkers(recoverPlatforms) {
      // One process runs (and recovers) a data dir's embedded queue; the CLI shares the store only.
      if (queue.kind === "embedded" && store.kind === "embedded" && !lease) {
        lease = await EmbeddedQueueLease.claim(store, config.dataDir);
      }
      const recovered = await jobs.startWorkers(deps, config.workerConcurrency, recoverPlatforms);
      app.workersRunning = true;
      o.logger.info(
        { queue: queue.kind, store: store.kind, concurrency: config.workerConcurrency, recovered },
        "workers started",
      );
    },
    async close(timeoutMs = config.shutdownTimeoutMs) {
      app.workersRunning = false;
      await queue.close({ timeoutMs }).catch((err) => o.logger.warn({ err }, "queue close failed"));
      await lease?.release();
      await store.close().catch((err) => o.logger.warn({ err }, "store close failed"));
    },
  };
  return app;
}

/** The built-in docs plus KNOWLEDGE_DIR; a folder that cannot be read stops the start with a clear message. */
async function loadKnowledge(store: StateStore, dir: string | undefined): Promise<KnowledgeBase> {
  try {
    return await KnowledgeBase.load(store, { knowledgeDir: dir });
  } catch (err) {
    if (!dir) throw err; // the built-in docs ship with the bot: a failure there is a broken install
    const code = (err as NodeJS.ErrnoException).code;
    throw configError(
      "CONFIG_INVALID",
      `Invalid configuration: KNOWLEDGE_DIR: cannot read "${dir}" (${code ?? "unreadable"}); point it at a folder of .md, .txt or .html files, or unset it.`,
      { variables: ["KNOWLEDGE_DIR"] },
    );
  }
}

/** Refreshes the queue-depth gauge (called on each /metrics scrape). */
export async function refreshQueueDepth(app: App): Promise<void> {
  const counts = await app.queue.counts();
  for (const s of JOB_STATES) app.metrics.queueDepth.set({ state: s }, counts[s] ?? 0);
}
