// @ts-nocheck
import { type Config, loadConfig } from "../config.js";
import { BotError } from "../core/errors.js";
import { createLogger, type Logger } from "../core/logger.js";
import { startHttpServer } from "../http/server.js";
import { handleCompletionHook, isHookPath, type WebhookSettings } from "../jobs/completion-hooks.js";
import type { DeliveryRouter } from "../jobs/delivery.js";
import { type App, createApp, refreshQueueDepth } from "./app.js";

/** Theta's completion webhooks on the bot's HTTP server (PUBLIC_URL must reach it). */
export function completionHookRoute(app: App, settings: WebhookSettings) {
  const deps = {
    settings,
    store: app.store,
    queue: app.queue,
    logger: app.logger.child({ part: "webhooks" }),
  };
  return { matches: isHookPath, handle: (path: string) => handleCompletionHook(deps, path) };
}

export interface ChatAdapter {
  platform: "discord" | "slack";
  /** Registers the platform's delivery (REST only: workers deliver too). */
  registerDelivery(app: App, router: DeliveryRouter): void;
  /** Connects for intake (gateway / HTTP receiver / Socket Mode); bot role only. */
  start(app: App): Promise<void>;
  /** Stops intake (no new commands); in-flight jobs continue on workers. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  role: "bot" | "worker";
  /** Chat adapters this build can run, each deciding from config whether it is on. */
  adapters?: (config: Config, logger: Logger) => Array<ChatAdapter | { platform: string; off: string }>;
  router: DeliveryRouter;
}

function loadOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    process.stderr.write(`theta-bot: ${err instanceof BotError ? err.message : String(err)}\n`);
    process.exit(2);
  }
}

/**
 * Runs the bot (adapters + workers + HTTP) or a worker-only process, and drains on SIGTERM/SIGINT:
 * stop intake, close workers within SHUTDOWN_TIMEOUT_MS, close connections. Jobs still in flight
 * resume elsewhere from the ledger.
 */
export async function serve(o: ServeOptions): Promise<void> {
  const config = loadOrExit();
  const logger = createLogger(config.logLevel ?? "info");
  if (config.allowLocalEndpoints)
    logger.warn("THETA_ALLOW_LOCAL_ENDPOINTS is on: endpoint host rules are lifted (tests only)");
  let app: App;
  try {
    app = await createApp(config, { logger, delivery: o.router });
  } catch (err) {
    logger.fatal({ err }, "could not start");
    process.stderr.write(`theta-bot: ${err instanceof BotError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const started: ChatAdapter[] = [];
  const platforms: string[] = [];
  for (const a of o.adapters?.(config, logger) ?? []) {
    if ("off" in a) {
      logger.info(`${a.platform} adapter: off — ${a.off}`);
      continue;
    }
    a.registerDelivery(app, o.router);
    platforms.push(a.platform);
    started.push(a);
  }
  try {
    await app.startWorkers(platforms);
  } catch (err) {
    logger.fatal({ err }, "could not start workers");
    process.stderr.write(`theta-bot: ${err instanceof BotError ? err.message : String(err)}\n`);
    await app.close(1000);
    process.exit(1);
  }
  const http = await startHttpServer({
    port: config.httpPort,
    metrics: app.metrics,
    beforeScrape: () => refreshQueueDepth(app),
    ...(config.webhooks ? { post: completionHookRoute(app, config.webhooks) } : {}),
    checks: [
      {
        name: "store",
        check: async () => {
          await app.store.ping();
          return true;
        },
      },
      {
        name: "queue",
        check: async () => {
          await app.queue.counts();
          return true;
        },
      },
      { name: "workers", check: async () => app.workersRunning },
    ],
  });
  // Intake last: commands are accepted only once workers, store and health endpoints are up.
  if (o.role === "bot") for (const a of started) await a.start(app);
  logger.info(
    { role: o.role, http: http.url, store: app.store.kind, queue: app.queue.kind, dryRun: config.dryRun },
    `theta-bot ${o.role} running${config.redisUrl ? "" : " (embedded store and queue; set REDIS_URL to share jobs between processes)"}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "draining: intake stopped, waiting for running job steps");
    const hard = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5000).unref();
    for (const a of started) await a.stop().catch((err) => logger.warn({ err }, "adapter stop failed"));
    http.close();
    await app.close(config.shutdownTimeoutMs);
    clearTimeout(hard);
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
