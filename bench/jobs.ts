/**
 * 1000 image jobs through the full path (queue → ledger → submit → poll → fetch → recording sink)
 * against the Theta double answering instantly, on BullMQ and on the embedded queue, and the same
 * number through a raw BullMQ no-op processor on the same Redis as the baseline. Prints figures.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { loadConfig } from "../src/config.js";
import { EnvCredentialProvider } from "../src/core/credentials/provider.js";
import { createLogger } from "../src/core/logger.js";
import { openStateStore } from "../src/core/store/index.js";
import { RecordingDelivery } from "../src/jobs/delivery-recording.js";
import { Ledger } from "../src/jobs/ledger.js";
import { openJobQueue } from "../src/jobs/queue/index.js";
import { JobService } from "../src/jobs/service.js";
import { createThetaDouble } from "../test/doubles/theta/index.js";
import { startBenchRedis } from "./redis-server.js";
import { percentile, print } from "./stats.js";

const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
// Each timed pass follows an untimed one of this many jobs on the same path, so that every pass is
// measured warm (JIT-compiled code, open connections, a warm Theta double). Before 2026-12-03 the
// full path ran first and cold while the baseline ran last and warm; `cold_jobs_per_s` keeps the
// full path's first pass for comparison with those figures.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
// A dedicated redis-server by default, so the command counts are this run's alone (the machine's
// Redis may be serving other processes); BENCH_REDIS_URL uses an existing one instead.
const ownRedis = process.env.BENCH_REDIS_URL ? undefined : await startBenchRedis();
const REDIS_URL = process.env.BENCH_REDIS_URL ?? ownRedis!.url;
const counter = new Redis(REDIS_URL);

/**
 * Socket writes this process makes (to Redis and to the Theta double): each is a system call, and
 * before the store pipelined its commands they were the largest single cost per job.
 */
const socketWrites = { calls: 0, bytes: 0 };
const socketWrite = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
  socketWrites.calls++;
  socketWrites.bytes +=
    typeof chunk === "string" ? Buffer.byteLength(chunk) : ((chunk as Uint8Array).length ?? 0);
  return Reflect.apply(socketWrite, this, [chunk, ...rest]);
} as typeof socketWrite;

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 25);

/** Calls per command name (`INFO commandstats` counts the commands scripts run, too). */
async function commandStats(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info("commandstats");
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) calls.set(m[1]!, Number(m[2]));
  return calls;
}

async function commandCount(redis: Redis): Promise<number> {
  let total = 0;
  for (const n of (await commandStats(redis)).values()) total += n;
  return total;
}

/**
 * The Theta double: by default its own process (BENCH_THETA=process), as Theta is not in the bot's
 * process; BENCH_THETA=inprocess runs it in this one (the figures before 2026-12-01 were taken so).
 */
interface BenchDouble {
  env(): Record<string, string>;
  reset(): Promise<void>;
  requests(): Promise<number>;
  close(): Promise<void>;
}

async function startDouble(): Promise<BenchDouble> {
  if (process.env.BENCH_THETA === "inprocess") {
    const d = await createThetaDouble({ inferTiming: { pendingMs: 0, processingMs: 0 }, warmup: [] });
    return {
      env: () => d.env(),
      reset: async () => d.reset(),
      requests: async () => d.requests.length,
      close: () => d.close(),
    };
  }
  const child = fork(fileURLToPath(new URL("./theta-double-process.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const next = <K extends string>(key: K) =>
    new Promise<Record<K, unknown>>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          child.off("message", on);
          resolve(m as Record<K, unknown>);
        }
      };
      child.on("message", on);
    });
  const { env } = await next("env");
  return {
    env: () => env as Record<string, string>,
    reset: async () => {
      const done = next("reset");
      child.send("reset");
      await done;
    },
    requests: async () => {
      const got = next("count");
      child.send("count");
      return (await got).count as number;
    },
    close: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.send("close");
      await exited;
    },
  };
}

const double = await startDouble();
print("theta_double", process.env.BENCH_THETA === "inprocess" ? "in this process" : "own process");

/**
 * Watches Redis (MONITOR) and splits the commands between the queue's keys (BullMQ's and the
 * queue wrapper's, `<prefix>:theta-jobs:*`) and ours (ledger, indexes, leases). Commands a script
 * runs are shown after the script call and counted with it. A separate, smaller pass: MONITOR slows
 * Redis down, so the timed pass runs without it.
 */
async function watchCommands(prefix: string) {
  const mon = await new Redis(REDIS_URL).monitor();
  // `counts` includes what scripts run; `sent` only what a client sent (a script call is one).
  const counts = { queue: 0, ours: 0 };
  const sent = { queue: 0, ours: 0 };
  let last: keyof typeof counts = "queue";
  mon.on("monitor", (_time: string, args: string[], source: string) => {
    if (source === "lua") {
      counts[last]++;
      return;
    }
    if (args[0]?.toLowerCase() === "info") return; // this bench's own counter
    const key = args.find((a) => a.startsWith(`${prefix}:`));
    last = key && !key.startsWith(`${prefix}:theta-jobs`) ? "ours" : "queue";
    counts[last]++;
    sent[last]++;
  });
  return { counts, sent, stop: () => mon.disconnect() };
}

async function fullPath(redis: boolean, jobsToRun = JOBS, watch = false) {
  const prefix = `tbbench-${randomBytes(4).toString("hex")}`;
  const watcher = watch ? await watchCommands(prefix) : undefined;
  const config = loadConfig({ ...double.env(), JOB_POLL_BASE_MS: "50", LOG_LEVEL: "silent" });
  const store = await openStateStore({
    redisUrl: redis ? REDIS_URL : undefined,
    dataDir: mkdtempSync(join(tmpdir(), "tb-bench-")),
    keyPrefix: `${prefix}:`,
  });
  const queue = openJobQueue(
    redis ? { redisUrl: REDIS_URL, prefix, removeOnComplete: 100, removeOnFail: 100 } : {},
  );
  const sink = new RecordingDelivery();
  const ledger = new Ledger(store);
  // Counts the ledger writes that succeed (a record created, a state moved) to price each one.
  // `open` is what creates a record (`create` and JobService.submit both go through it).
  let writes = 0;
  const { open, transition } = ledger;
  ledger.open = async (...a) => {
    const r = await open.apply(ledger, a);
    if (r.created) writes++;
    return r;
  };
  ledger.transition = async (...a) => {
    const r = await transition.apply(ledger, a);
    if (r) writes++;
    return r;
  };
  const deps = {
    config,
    ledger,
    credentials: new EnvCredentialProvider(config),
    delivery: sink,
    logger: createLogger("silent"),
  };
  const jobs = new JobService(queue, ledger);
  await jobs.startWorkers(deps, CONCURRENCY);
  await double.reset();
  const submitted = new Map<string, number>();
  const writes0 = { ...socketWrites };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: jobsToRun }, async (_, i) => {
      const id = `bench-${i}`;
      submitted.set(id, Date.now());
      await jobs.submit({
        id,
        kind: "ondemand",
        title: "bench",
        origin: { platform: "test", tenantId: "bench", userId: "u" },
        data: { service: "flux", input: { prompt: `fox ${i}` } },
      });
    }),
  );
  while (sink.results.length < jobsToRun) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const socketWritesPerJob = (socketWrites.calls - writes0.calls) / jobsToRun;
  const socketKbPerJob = (socketWrites.bytes - writes0.bytes) / 1024 / jobsToRun;
  watcher?.stop();
  // Counted before clean-up: the job path only.
  const commandsAtEnd = redis ? await commandCount(counter) : 0;
  const statsAtEnd = redis ? await commandStats(counter) : new Map<string, number>();
  const latencies = sink.results.map((r) => r.at - submitted.get(r.jobId)!).sort((a, b) => a - b);
  const thetaRequests = await double.requests();
  await queue.close({ timeoutMs: 5000 });
  if (redis) for (const k of await store.keys("", 1_000_000)) await store.delete(k);
  await store.close();
  return {
    perSecond: jobsToRun / seconds,
    cpuMsPerJob: (cpu.user + cpu.system) / 1000 / jobsToRun,
    latencies,
    thetaRequestsPerJob: thetaRequests / jobsToRun,
    commandsAtEnd,
    statsAtEnd,
    ledgerWritesPerJob: writes / jobsToRun,
    socketWritesPerJob,
    socketKbPerJob,
    watched: watcher && { counts: watcher.counts, sent: watcher.sent },
  };
}

/**
 * The raw BullMQ no-op; `bulk` adds every job in one addBulk, otherwise one add each (as the bot
 * does, one per command). `removeOnComplete` is what BullMQ keeps of finished jobs: 100 as the
 * bench's own path keeps, or `true` for its leanest (each job deleted as it finishes).
 */
async function baseline(jobsToRun = JOBS, bulk = true, removeOnComplete: number | true = 100) {
  const prefix = `tbbench-${randomBytes(4).toString("hex")}`;
  // BullMQ never closes connections it was handed: they are ended here, or the bench never exits.
  const queueConn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerConn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue("baseline", { connection: queueConn, prefix });
  let done = 0;
  const worker = new Worker(
    "baseline",
    async () => {
      done++;
    },
    {
      connection: workerConn,
      prefix,
      concurrency: CONCURRENCY,
    },
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const jobs = Array.from({ length: jobsToRun }, (_, i) => ({
    name: "noop",
    data: { i },
    opts: { jobId: `b-${i}`, removeOnComplete },
  }));
  if (bulk) await queue.addBulk(jobs);
  else await Promise.all(jobs.map((j) => queue.add(j.name, j.data, j.opts)));
  while (done < jobsToRun) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await Promise.all([queueConn.quit(), workerConn.quit()]);
  return { perSecond: jobsToRun / seconds, cpuMsPerJob: (cpu.user + cpu.system) / 1000 / jobsToRun };
}

const cold = WARMUP > 0 ? await fullPath(true, WARMUP) : undefined;
const statsBefore = await commandStats(counter);
const before = await commandCount(counter);
const bull = await fullPath(true);
const redisCommands = bull.commandsAtEnd - before;
const byCommand = [...bull.statsAtEnd].map(([k, n]) => [k, n - (statsBefore.get(k) ?? 0)] as const);
if (WARMUP > 0) await fullPath(false, WARMUP);
const embedded = await fullPath(false);
const WATCHED_JOBS = Math.min(JOBS, 200);
const watched = await fullPath(true, WATCHED_JOBS, true);
if (WARMUP > 0) await baseline(WARMUP);
const baseStatsBefore = await commandStats(counter);
const beforeBase = await commandCount(counter);
const base = await baseline();
const baseCommands = (await commandCount(counter)) - beforeBase;
const baseByCommand = [...(await commandStats(counter))].map(
  ([k, n]) => [k, n - (baseStatsBefore.get(k) ?? 0)] as const,
);
const baseSingle = await baseline(JOBS, false);
// BullMQ's floor: the same single-add no-op that deletes each finished job at once (fewest commands).
const beforeLean = await commandCount(counter);
await baseline(JOBS, false, true);
const leanCommands = (await commandCount(counter)) - beforeLean;

print("jobs", JOBS);
print("warmup_jobs", WARMUP);
if (cold) print("cold_jobs_per_s", cold.perSecond);
print("jobs_per_s", bull.perSecond);
print("embedded_jobs_per_s", embedded.perSecond);
print("baseline_jobs_per_s", base.perSecond);
print("ratio", bull.perSecond / base.perSecond);
// CPU time of this process (bot side: queue, ledger, HTTP to the double) per job in the timed pass:
// at one busy core, jobs_per_s is about 1000 / bot_cpu_ms_per_job.
print("bot_cpu_ms_per_job", bull.cpuMsPerJob);
print("embedded_bot_cpu_ms_per_job", embedded.cpuMsPerJob);
print("baseline_cpu_ms_per_job", base.cpuMsPerJob);
// The same no-op with one add per job instead of one addBulk: the bot adds jobs one at a time.
print("baseline_single_add_jobs_per_s", baseSingle.perSecond);
print("baseline_single_add_cpu_ms_per_job", baseSingle.cpuMsPerJob);
print("ratio_to_single_add_baseline", bull.perSecond / baseSingle.perSecond);
print("delivery_p50_ms", percentile(bull.latencies, 50));
print("delivery_p99_ms", percentile(bull.latencies, 99));
print("theta_requests_per_job", bull.thetaRequestsPerJob);
print("socket_writes_per_job", bull.socketWritesPerJob);
print("socket_kb_per_job", bull.socketKbPerJob);
print("redis_commands_per_job", redisCommands / JOBS);
print("baseline_redis_commands_per_job", baseCommands / JOBS);
print("redis_commands_over_baseline_per_job", (redisCommands - baseCommands) / JOBS);
print("baseline_lean_redis_commands_per_job", leanCommands / JOBS);
print("ledger_writes_per_job", bull.ledgerWritesPerJob);
// Measured apart (MONITOR, WATCHED_JOBS jobs): the queue's share (BullMQ with our wrapper's cancel
// flag) and ours (ledger, indexes, leases), ours priced per ledger write (the "≤ 5 per transition").
const w = watched.watched!;
print("watched_jobs", WATCHED_JOBS);
print("queue_redis_commands_per_job", w.counts.queue / WATCHED_JOBS);
print("our_redis_commands_per_job", w.counts.ours / WATCHED_JOBS);
print("our_redis_commands_per_ledger_write", w.counts.ours / WATCHED_JOBS / watched.ledgerWritesPerJob);
// Commands sent by the bot (a script call counts once, whatever it runs): what costs a round trip.
print("queue_redis_calls_sent_per_job", w.sent.queue / WATCHED_JOBS);
print("our_redis_calls_sent_per_job", w.sent.ours / WATCHED_JOBS);
print("peak_rss_mb", peakRss / 1024 / 1024);
// Where the job path's commands go (top ten, per job), to see what a change saves.
for (const [name, n] of [...byCommand].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  print(`redis_${name.replace(/\W/g, "_")}_per_job`, n / JOBS);
}
for (const [name, n] of [...baseByCommand].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  print(`baseline_redis_${name.replace(/\W/g, "_")}_per_job`, n / JOBS);
}
clearInterval(rssTimer);
await counter.quit();
await ownRedis?.kill();
await double.close();
// Anything a library left open (keep-alive sockets, timers) must not keep a finished bench alive.
process.exit(0);
