/**
 * Reliability of the job system with real Redis and real worker processes (DESIGN.md "Reliability
 * rules"): crashes while polling and while delivering, duplicate submissions, ambiguous POSTs, a
 * Redis restart and a capacity storm. Every case checks the two things that cost the user: the
 * paid POST happens at most once per job, and the result is posted exactly once.
 */
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import { outputUrls } from "../../src/core/theta/ondemand-types.js";
import { FINAL_STATES } from "../../src/jobs/ledger.js";
import { clientFor } from "../../src/jobs/processors/deps.js";
import { type OndemandJobData, ondemandStep } from "../../src/jobs/processors/ondemand.js";
import type { JobContext } from "../../src/jobs/queue/job-queue.js";
import type { JobSpec } from "../../src/jobs/service.js";
import { PNG, type ThetaDouble } from "../doubles/theta/index.js";
import { generatedStream } from "../doubles/theta/media-fixtures.js";
import { REDIS_HOST, REDIS_PORT } from "../helpers/redis.js";
import {
  inProcessDeps,
  killAllChildren,
  openProducer,
  promptOf,
  REDIS_URL,
  type RedisServer,
  readSink,
  sleep,
  startChild,
  startRedisServer,
  waitUntil,
} from "./fixtures/reliability-kit.js";
import { reliabilityScope } from "./fixtures/reliability-run.js";

const FLUX = "/ondemand/infer_request/flux";
const origin: JobOrigin = { platform: "test", tenantId: "t1", userId: "u1" };
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function spec(id: string, prompt = `prompt for ${id}`): JobSpec {
  return {
    id,
    kind: "ondemand",
    title: prompt,
    origin,
    service: "flux",
    data: { service: "flux", input: { prompt } } satisfies OndemandJobData,
  };
}

/** POSTs to flux the double received for one job (each job has its own prompt). */
const postsOf = (double: ThetaDouble, id: string) =>
  double.requests.filter(
    (r) => r.method === "POST" && r.path === FLUX && promptOf(r.body) === `prompt for ${id}`,
  );

const scope = reliabilityScope();
const newDouble = scope.double;
const setup = scope.run;

describe("job reliability with worker processes on real Redis", () => {
  it("a worker killed while polling is replaced: one submit, one delivery, the right bytes", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 1500, processingMs: 1500 } });
    const t = await setup("poll", double);
    const a = await startChild(t.cfg());
    await t.producer.service.submit(spec("poll-1"));
    await waitUntil(async () => (await t.producer.state("poll-1")) === "submitted", "poll-1 submitted");
    await a.kill("SIGKILL");
    const pollsAtKill = double.count("GET", /^\/ondemand\/infer_request\/infr_rqst_/);
    await startChild(t.cfg());

    const final = await t.final("poll-1");
    expect(final.state).toBe("delivered");
    expect(double.count("GET", /^\/ondemand\/infer_request\/infr_rqst_/)).toBeGreaterThan(pollsAtKill);
    await sleep(500); // a duplicate run would show up here
    expect(double.count("POST", FLUX)).toBe(1);
    const lines = t.lines("poll-1");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.outcome).toBe("success");
    expect(lines[0]!.result.upstreamId).toBe(final.upstreamId);
    expect(lines[0]!.files.map((f) => f.sha256)).toEqual([sha(PNG)]);
  });

  it("a worker killed while delivering is replaced: one submit, one delivery of the whole file", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 200, processingMs: 300 } });
    const size = 160 * 1024 * 1024; // the fetch through the hashing sink takes a while: the window
    double.setOutputBytes("flux", size);
    const t = await setup("deliver", double);
    const a = await startChild(t.cfg());
    await t.producer.service.submit(spec("deliver-1"));
    const atKill = await waitUntil(
      async () => {
        const s = await t.producer.state("deliver-1");
        return s === "done" || s === "delivering" ? s : undefined;
      },
      "deliver-1 done/delivering",
      30_000,
      2,
    );
    await a.kill("SIGKILL");
    expect(["done", "delivering"]).toContain(atKill);
    expect(t.lines("deliver-1")).toHaveLength(0); // killed inside the window, before the post
    await startChild(t.cfg());

    const final = await t.final("deliver-1");
    expect(final.state).toBe("delivered");
    await sleep(500);
    expect(double.count("POST", FLUX)).toBe(1);
    const lines = t.lines("deliver-1");
    expect(lines).toHaveLength(1);
    const hash = createHash("sha256");
    for await (const chunk of generatedStream(PNG, size)) hash.update(chunk as Buffer);
    expect(lines[0]!.files).toEqual([expect.objectContaining({ bytes: size, sha256: hash.digest("hex") })]);
  });

  it("the same job ids submitted twice at once, and again after they finished, with two workers: one submit and one delivery each", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 300, processingMs: 300 } });
    const t = await setup("twice", double);
    const other = await openProducer(REDIS_URL, t.prefix); // a second bot process
    scope.later(() => other.close());
    await Promise.all([startChild(t.cfg({ concurrency: 2 })), startChild(t.cfg({ concurrency: 2 }))]);
    const ids = ["twice-1", "twice-2", "twice-3", "twice-4"];

    const firsts = await Promise.all(
      ids.flatMap((id) => [t.producer.service.submit(spec(id)), other.service.submit(spec(id))]),
    );
    for (const id of ids) {
      expect(
        firsts
          .filter((r) => r.id === id)
          .map((r) => r.created)
          .sort(),
      ).toEqual([false, true]);
    }
    for (const id of ids) expect((await t.final(id)).state).toBe("delivered");

    const again = await Promise.all(
      ids.flatMap((id) => [t.producer.service.submit(spec(id)), other.service.submit(spec(id))]),
    );
    expect(again.every((r) => !r.created && r.entry.state === "delivered")).toBe(true);

    // The queue forgot the finished jobs (retention) and they are enqueued again: the ledger stops them.
    const bull = new Queue("theta-jobs", {
      connection: { host: REDIS_HOST, port: REDIS_PORT },
      prefix: t.prefix,
    });
    try {
      for (const id of ids) expect(await bull.remove(id)).toBe(1);
      for (const id of ids)
        expect((await t.producer.queue.add("ondemand", spec(id).data, { jobId: id })).created).toBe(true);
      await waitUntil(
        async () =>
          (await Promise.all(ids.map((id) => t.producer.queue.getState(id)))).every((s) => s === "completed"),
        "re-added jobs to complete",
      );
    } finally {
      await bull.close();
    }

    await sleep(800);
    expect(double.count("POST", FLUX)).toBe(ids.length);
    for (const id of ids) {
      expect(postsOf(double, id)).toHaveLength(1);
      expect(t.lines(id)).toHaveLength(1);
      expect((await t.producer.ledger.get(id))?.state).toBe("delivered");
    }
  });

  it("two runs of the same job step at once (a stalled run and its replacement) submit once and deliver once", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 100, processingMs: 100 } });
    const t = await setup("dup-run", double);
    const deps = inProcessDeps(double, t.producer.store, t.sinkFile);
    const id = "dup-run-1";
    await t.producer.service.ledger.create({ ...spec(id), service: "flux" });
    let data = spec(id).data as OndemandJobData;
    const ctx = (): JobContext<OndemandJobData> => ({
      id,
      name: "ondemand",
      data,
      run: 1,
      recovered: false,
      progress: async () => {},
      signal: new AbortController().signal,
    });
    for (let i = 0; i < 200; i++) {
      const steps = await Promise.all([ondemandStep(ctx(), deps), ondemandStep(ctx(), deps)]);
      const e = (await t.producer.ledger.get(id))!;
      if (FINAL_STATES.includes(e.state)) break;
      const next = steps.find((s) => s.kind === "delay" && s.data !== undefined);
      if (next?.kind === "delay") data = next.data as OndemandJobData;
      await sleep(Math.max(20, ...steps.map((s) => (s.kind === "delay" ? s.delayMs : 0))));
    }
    expect((await t.producer.ledger.get(id))?.state).toBe("delivered");
    expect(double.count("POST", FLUX)).toBe(1);
    expect(t.lines(id)).toHaveLength(1);
  });

  it("a job found in `delivering` by two runs at once (after a stall) is posted once", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 0, processingMs: 0 } });
    const t = await setup("dup-deliver", double);
    const deps = inProcessDeps(double, t.producer.store, t.sinkFile);
    const id = "dup-deliver-1";
    const { ledger } = t.producer;
    await ledger.create({ ...spec(id), service: "flux" });
    // The state a crashed/stalled run leaves behind: Theta finished, the delivery was claimed.
    await ledger.transition(id, ["queued"], "submitting");
    const od = await clientFor(deps, origin, ["ondemand"]);
    const { request } = await od.ondemand.infer("flux", { input: { prompt: `prompt for ${id}` }, wait: 0 });
    await ledger.transition(id, ["submitting"], "submitted", {
      upstreamId: request.id,
      submittedAt: Date.now(),
    });
    const done = await od.ondemand.status(request.id);
    await ledger.transition(id, ["submitted"], "done", { outputUrls: outputUrls(done) });
    await ledger.transition(id, ["done"], "delivering");
    const ctx = (): JobContext<OndemandJobData> => ({
      id,
      name: "ondemand",
      data: spec(id).data as OndemandJobData,
      run: 2,
      recovered: true,
      progress: async () => {},
      signal: new AbortController().signal,
    });
    await Promise.all([ondemandStep(ctx(), deps), ondemandStep(ctx(), deps)]);
    expect((await ledger.get(id))?.state).toBe("delivered");
    expect(t.lines(id)).toHaveLength(1);
  });

  it("a submit answered after the client's timeout ends ambiguous, is never sent again, and says so plainly", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 100, processingMs: 100 } });
    double.fault({ method: "POST", path: FLUX, delayAfterHandleMs: 2500, times: 1 });
    const t = await setup("ambiguous", double);
    await startChild(t.cfg({ env: { THETA_HTTP_TIMEOUT_MS: "1000" } }));
    await t.producer.service.submit(spec("amb-1"));

    const final = await t.final("amb-1");
    expect(final.state).toBe("ambiguous");
    expect(final.error?.code).toBe("ambiguous_submission");
    await sleep(2000); // past the double's late answer and several poll intervals
    expect(double.count("POST", FLUX)).toBe(1);
    expect(double.count("GET", /^\/outputs\//)).toBe(0);
    const lines = t.lines("amb-1");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.outcome).toBe("ambiguous");
    expect(lines[0]!.result.error?.message).toMatch(/may have been accepted by Theta/);
    expect(lines[0]!.result.error?.message).toMatch(/not charged twice/);
  });

  it("a worker killed while its submit is in flight is replaced by one that reports it ambiguous instead of resubmitting", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 100, processingMs: 100 } });
    double.fault({ method: "POST", path: FLUX, latencyMs: 3000, times: 1 });
    const t = await setup("submitting", double);
    const a = await startChild(t.cfg());
    await t.producer.service.submit(spec("subm-1"));
    await waitUntil(async () => (await t.producer.state("subm-1")) === "submitting", "subm-1 submitting");
    await waitUntil(() => double.count("POST", FLUX) === 1, "the POST to arrive");
    await a.kill("SIGKILL");
    await startChild(t.cfg());

    const final = await t.final("subm-1");
    expect(final.state).toBe("ambiguous");
    await sleep(500);
    expect(double.count("POST", FLUX)).toBe(1);
    const lines = t.lines("subm-1");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.result.error?.message).toMatch(/not charged twice/);
  });
});

describe("a Redis restart under load", () => {
  let redis: RedisServer | undefined;
  afterAll(async () => {
    await killAllChildren();
    await redis?.kill();
    if (redis) rmSync(redis.dir, { recursive: true, force: true });
  });

  it("every job is delivered once and submitted once across a Redis stop and restart", {
    timeout: 75_000,
  }, async () => {
    redis = await startRedisServer();
    const double = await newDouble({ inferTiming: { pendingMs: 1500, processingMs: 1500 } });
    // Slow status polls and submits, so runs are active (not only delayed) when Redis goes away —
    // among them a paid POST in flight, whose answer arrives while Redis is down.
    double.fault({ method: "GET", path: /^\/ondemand\/infer_request\/infr_rqst_/, latencyMs: 300 });
    double.fault({ method: "POST", path: FLUX, latencyMs: 600 });
    const t = await setup("restart", double, redis.url);
    await startChild({ ...t.cfg({ concurrency: 6, lockDurationMs: 10_000 }), stalledIntervalMs: 1000 });
    const ids = Array.from({ length: 20 }, (_, i) => `restart-${i}`);

    for (const id of ids.slice(0, 12)) await t.producer.service.submit(spec(id));
    await waitUntil(
      async () =>
        (await t.producer.entries(ids.slice(0, 12))).filter((e) => e.state === "submitted").length >= 4,
      "some jobs polling",
    );
    for (const id of ids.slice(12)) await t.producer.service.submit(spec(id));
    await waitUntil(
      async () => {
        const c = await t.producer.queue.counts();
        const inFlight = (await t.producer.entries(ids)).filter(
          (e) => e.state === "submitting" && postsOf(double, e.id).length === 1,
        );
        return c.active >= 1 && c.delayed >= 1 && inFlight.length >= 1;
      },
      "active and delayed jobs, and a submit in flight",
      30_000,
      5,
    );
    await redis.stop();
    await sleep(1000);
    await redis.start();

    // Until every job ended, or the queue has nothing left to run (a job that ended in the queue
    // but not in the ledger would otherwise be waited for in vain).
    let idle = 0;
    await waitUntil(
      async () => {
        const es = await t.producer.entries(ids);
        if (es.every((e) => FINAL_STATES.includes(e.state))) return true;
        const c = await t.producer.queue.counts();
        idle = c.waiting + c.delayed + c.active === 0 ? idle + 1 : 0;
        return idle >= 10;
      },
      "every job to end (or the queue to run dry)",
      50_000,
      100,
    );
    const report = await Promise.all(
      ids.map(async (id) => {
        const e = (await t.producer.ledger.get(id))!;
        const q = await t.producer.queue.getState(id);
        return `${id}: ledger ${e.state}${e.error ? ` (${e.error.code})` : ""}, queue ${q}, ${postsOf(double, id).length} POST(s)`;
      }),
    );
    expect(report.filter((r) => !r.includes("ledger delivered,"))).toEqual([]);
    await sleep(500);
    expect(double.count("POST", FLUX)).toBe(ids.length);
    for (const id of ids) {
      expect(postsOf(double, id), id).toHaveLength(1);
      expect(t.lines(id), id).toHaveLength(1);
    }
    expect(readSink(t.sinkFile)).toHaveLength(ids.length);
  });
});

describe("a capacity storm", () => {
  it("409s then 429s: every job is delivered, retries honour Retry-After, nothing accepted is sent twice", {
    timeout: 60_000,
  }, async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 100, processingMs: 200 } });
    const refusals = 40;
    const limited = 5;
    double.fault({ method: "POST", path: FLUX, status: 409, envelope: "string", times: refusals });
    double.fault({
      method: "POST",
      path: FLUX,
      status: 429,
      headers: { "retry-after": "1" },
      times: limited,
    });
    const t = await setup("storm", double);
    const capacityDeadlineMs = 45_000;
    const env = { JOB_CAPACITY_DEADLINE_MS: String(capacityDeadlineMs) };
    await Promise.all([
      startChild(t.cfg({ env, concurrency: 4 })),
      startChild(t.cfg({ env, concurrency: 4 })),
    ]);
    const ids = Array.from({ length: 30 }, (_, i) => `storm-${i}`);

    await Promise.all(ids.map((id) => t.producer.service.submit(spec(id))));
    const finals = await Promise.all(ids.map((id) => t.final(id, 50_000)));
    expect(
      finals.filter((e) => e.state !== "delivered").map((e) => `${e.id}:${e.state}:${e.error?.code}`),
    ).toEqual([]);
    for (const e of finals) {
      expect(e.capacityRetries ?? 0).toBeGreaterThanOrEqual(0);
      expect(e.deliveredAt! - e.createdAt).toBeLessThan(capacityDeadlineMs);
    }
    // Every 409 is one capacity retry of a job; a 429 is retried by the transport (Retry-After)
    // or, once its retries are spent, by the job.
    const retries = finals.reduce((n, e) => n + (e.capacityRetries ?? 0), 0);
    expect(retries).toBeGreaterThanOrEqual(refusals);
    expect(retries).toBeLessThanOrEqual(refusals + limited);

    await sleep(500);
    // The request log is in fault order: the first 40 POSTs got 409, the next 5 got 429, the rest were accepted.
    const posts = double.requests.filter((r) => r.method === "POST" && r.path === FLUX);
    expect(posts).toHaveLength(refusals + limited + ids.length);
    posts.forEach((r, i) => {
      if (i < refusals || i >= refusals + limited) return;
      const next = posts.slice(i + 1).find((x) => promptOf(x.body) === promptOf(r.body));
      expect(next, `retry after the 429 to ${promptOf(r.body)}`).toBeDefined();
      expect(next!.time - r.time).toBeGreaterThanOrEqual(950);
    });
    const accepted = posts.slice(refusals + limited);
    expect(new Set(accepted.map((r) => promptOf(r.body))).size).toBe(ids.length);
    for (const id of ids) expect(t.lines(id), id).toHaveLength(1);
    const upstream = new Set(readSink(t.sinkFile).map((r) => r.result.upstreamId));
    expect(upstream.size).toBe(ids.length);
    expect(new Set(finals.map((e) => e.upstreamId)).size).toBe(ids.length);
  });
});
