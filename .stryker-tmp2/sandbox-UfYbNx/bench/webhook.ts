/**
 * Theta completion webhooks vs polling alone, in one run, on the embedded queue:
 * - image jobs that Theta finishes 2–20 s after submission: time from Theta's success to the start
 *   of delivery (p50, p99), with webhooks and with the default polling (1 s growing to 10 s);
 * - one 60-second job each way: Theta status calls it costs.
 * Prints `name: value` lines and exits.
 */
// @ts-nocheck

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { EnvCredentialProvider } from "../src/core/credentials/provider.js";
import { createLogger } from "../src/core/logger.js";
import { Metrics } from "../src/core/metrics.js";
import type { JobOrigin, JobResult } from "../src/core/present/job-card.js";
import { openStateStore } from "../src/core/store/index.js";
import { startHttpServer } from "../src/http/server.js";
import { handleCompletionHook, isHookPath } from "../src/jobs/completion-hooks.js";
import type { Delivery } from "../src/jobs/delivery.js";
import { Ledger } from "../src/jobs/ledger.js";
import { openJobQueue } from "../src/jobs/queue/index.js";
import { JobService } from "../src/jobs/service.js";
import { createThetaDouble } from "../test/doubles/theta/index.js";
import { percentile, print } from "./stats.js";

const JOBS = Number(process.env.BENCH_JOBS ?? 40);
const LONG_MS = Number(process.env.BENCH_LONG_MS ?? 60_000);
const origin: JobOrigin = { platform: "test", tenantId: "bench", userId: "u1" };

// Each prompt says how long Theta takes: "<mode> <n> t=<ms>".
const double = await createThetaDouble({
  warmup: [],
  inferTiming: { pendingMs: 0, processingMs: 0 },
  inferTimingFor: (_s, input) => {
    const m = /t=(\d+)/.exec(String(input.prompt ?? ""));
    return m ? { pendingMs: 300, processingMs: Number(m[1]) - 300 } : undefined;
  },
});

/** Records when delivery of each job started. */
class TimingDelivery implements Delivery {
  readonly started = new Map<string, number>();
  async postProgress(): Promise<void> {}
  async postResult(_o: JobOrigin, r: JobResult): Promise<void> {
    if (!this.started.has(r.jobId)) this.started.set(r.jobId, Date.now());
  }
}

let hook: (path: string) => Promise<number> = async () => 404;
const http = await startHttpServer({
  port: 0,
  host: "127.0.0.1",
  metrics: new Metrics(),
  checks: [],
  post: { matches: isHookPath, handle: (p) => hook(p) },
});

async function stack(webhooks: boolean) {
  const env: Record<string, string> = {
    ...double.env(),
    LOG_LEVEL: "silent",
    THETA_OUTPUT_HOSTS: "127.0.0.1",
    ...(webhooks ? { PUBLIC_URL: http.url, WEBHOOK_SECRET: "bench-webhook-secret-0123456789abcdef" } : {}),
  };
  const config = loadConfig(env);
  const store = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), "bench-hook-")) });
  const queue = openJobQueue({});
  const ledger = new Ledger(store);
  const delivery = new TimingDelivery();
  const logger = createLogger("silent");
  const service = new JobService(queue, ledger);
  await service.startWorkers(
    { config, ledger, credentials: new EnvCredentialProvider(config), delivery, logger },
    64,
  );
  if (webhooks) hook = (p) => handleCompletionHook({ settings: config.webhooks!, store, queue, logger }, p);
  return { service, delivery, queue, store };
}

const withHooks = await stack(true);
const polling = await stack(false);

// The same finish times for both, spread over 2–20 s (a fixed sequence, not random).
const finishMs = Array.from(
  { length: JOBS },
  (_, i) => 2000 + Math.round(((i * 7919) % JOBS) * (18_000 / JOBS)),
);
const successAt = new Map<string, number>();

async function run(s: Awaited<ReturnType<typeof stack>>, mode: string, ms: number, i: number) {
  const id = `${mode}-${i}`;
  const prompt = `${mode} ${i} t=${ms}`;
  await s.service.submit({
    id,
    kind: "ondemand",
    title: id,
    origin,
    data: { service: "flux", input: { prompt }, deadlineMs: ms + 120_000 },
  });
  const post = await waitFor(() =>
    double.requests.find(
      (r) => r.method === "POST" && (r.body as { input?: { prompt?: string } })?.input?.prompt === prompt,
    ),
  );
  successAt.set(id, post.time + ms);
  await s.service.waitFor(id);
  return id;
}

async function waitFor<T>(fn: () => T | undefined): Promise<T> {
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const lagsOf = (s: Awaited<ReturnType<typeof stack>>, ids: string[]) =>
  ids.map((id) => s.delivery.started.get(id)! - successAt.get(id)!).sort((a, b) => a - b);

const started = Date.now();
const [hookIds, pollIds, longHook, longPoll] = await Promise.all([
  Promise.all(finishMs.map((ms, i) => run(withHooks, "hook", ms, i))),
  Promise.all(finishMs.map((ms, i) => run(polling, "poll", ms, i))),
  run(withHooks, "longhook", LONG_MS, 0),
  run(polling, "longpoll", LONG_MS, 0),
]);

/** Status GETs for the request a job's prompt created. */
async function statusCallsFor(s: Awaited<ReturnType<typeof stack>>, id: string): Promise<number> {
  const e = await new Ledger(s.store).get(id);
  return double.count("GET", `/ondemand/infer_request/${e?.upstreamId}`);
}

const hookLags = lagsOf(withHooks, hookIds);
const pollLags = lagsOf(polling, pollIds);
print("jobs_each_way", JOBS);
print("webhook_delivery_lag_p50_ms", percentile(hookLags, 50));
print("webhook_delivery_lag_p99_ms", percentile(hookLags, 99));
print("polling_delivery_lag_p50_ms", percentile(pollLags, 50));
print("polling_delivery_lag_p99_ms", percentile(pollLags, 99));
print("lag_p50_ratio_polling_to_webhook", percentile(pollLags, 50) / Math.max(1, percentile(hookLags, 50)));
print(`status_calls_${LONG_MS / 1000}s_job_webhook`, await statusCallsFor(withHooks, longHook));
print(`status_calls_${LONG_MS / 1000}s_job_polling`, await statusCallsFor(polling, longPoll));
print("run_seconds", (Date.now() - started) / 1000);

await withHooks.queue.close({ timeoutMs: 1000 });
await polling.queue.close({ timeoutMs: 1000 });
http.close();
await double.close();
process.exit(0);
