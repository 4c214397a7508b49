/**
 * The money-path faults found from outside, replayed against real worker processes and real Redis:
 * status polls that fail forever, paid POSTs that Theta answered with garbage, and a Redis that
 * comes back empty (no persistence) in the middle of a run.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import type { LedgerEntry } from "../../src/jobs/ledger.js";
import type { JobSpec } from "../../src/jobs/service.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import {
  killAllChildren,
  promptOf,
  type RedisServer,
  sleep,
  startChild,
  startRedisServer,
  waitUntil,
} from "./fixtures/reliability-kit.js";
import { reliabilityScope } from "./fixtures/reliability-run.js";

const FLUX = "/ondemand/infer_request/flux";
const STATUS = /^\/ondemand\/infer_request\/infr_rqst_/;
const origin: JobOrigin = { platform: "test", tenantId: "t1", userId: "u1" };
const spec = (id: string): JobSpec => ({
  id,
  kind: "ondemand",
  title: id,
  origin,
  service: "flux",
  data: { service: "flux", input: { prompt: `prompt for ${id}` } },
});
const postsOf = (double: ThetaDouble, id: string) =>
  double.requests.filter(
    (r) => r.method === "POST" && r.path === FLUX && promptOf(r.body) === `prompt for ${id}`,
  );

const scope = reliabilityScope();
const newDouble = scope.double;
const setup = scope.run;

describe("money-path faults with worker processes on real Redis", () => {
  it("502 on every status poll: the job ends at JOB_DEADLINE_MS, saying how to fetch it later", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 60_000, processingMs: 60_000 } });
    double.fault({ method: "GET", path: STATUS, status: 502, body: "<html>Bad Gateway</html>" });
    const t = await setup("poll502", double);
    await startChild(
      t.cfg({ env: { JOB_DEADLINE_MS: "3000", JOB_POLL_BASE_MS: "100", JOB_POLL_MAX_MS: "1000" } }),
    );
    await t.producer.service.submit(spec("p502"));
    const final: LedgerEntry = await t.final("p502", 20_000);
    expect(final.state).toBe("failed");
    expect(final.error?.code).toBe("job_deadline");
    expect(final.error?.message).toContain(`--requestId ${final.upstreamId}`);
    // The ledger ends the job first, then the result is posted: wait for the post.
    const lines = await waitUntil(() => (t.lines("p502").length ? t.lines("p502") : undefined), "the post");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.outcome).toBe("timeout");
    const pollsAtEnd = double.count("GET", STATUS);
    await sleep(1500);
    expect(double.count("GET", STATUS)).toBe(pollsAtEnd); // it really stopped polling
    expect(double.count("POST", FLUX)).toBe(1);
  });

  it("paid POSTs answered with garbage end ambiguous, each sent once; clean ones are delivered", async () => {
    const double = await newDouble({ inferTiming: { pendingMs: 100, processingMs: 100 } });
    double.fault({ method: "POST", path: FLUX, status: 502, body: "<html>Bad Gateway</html>", times: 2 });
    double.fault({ method: "POST", path: FLUX, malformed: true, times: 2 });
    double.fault({ method: "POST", path: FLUX, status: 200, times: 2 });
    const t = await setup("garbled", double);
    await startChild(t.cfg());
    const ids = Array.from({ length: 10 }, (_, i) => `garbled-${i}`);
    for (const id of ids) await t.producer.service.submit(spec(id));
    const finals = await Promise.all(ids.map((id) => t.final(id)));
    const states = finals.map((e) => e.state).sort();
    expect(states.filter((s) => s === "ambiguous")).toHaveLength(6);
    expect(states.filter((s) => s === "delivered")).toHaveLength(4);
    await waitUntil(() => (ids.every((id) => t.lines(id).length > 0) ? true : undefined), "every post");
    await sleep(500);
    for (const id of ids) {
      expect(postsOf(double, id), id).toHaveLength(1);
      expect(t.lines(id), id).toHaveLength(1);
    }
  });
});

describe("Redis restarted empty (no persistence) mid-run", () => {
  let redis: RedisServer | undefined;
  afterAll(async () => {
    await killAllChildren();
    await redis?.kill();
    if (redis) rmSync(redis.dir, { recursive: true, force: true });
  });

  it("nothing is submitted twice, the worker survives, and new jobs are served", {
    timeout: 60_000,
  }, async () => {
    redis = await startRedisServer({ persist: false });
    const double = await newDouble({ inferTiming: { pendingMs: 1500, processingMs: 1500 } });
    double.fault({ method: "POST", path: FLUX, latencyMs: 400 });
    const t = await setup("empty", double, redis.url);
    const worker = await startChild(t.cfg());
    const ids = Array.from({ length: 8 }, (_, i) => `empty-${i}`);
    for (const id of ids) await t.producer.service.submit(spec(id));
    await waitUntil(() => double.count("POST", FLUX) >= 3, "some submits");
    await redis.kill();
    await sleep(1000);
    await redis.start();
    await sleep(3000);
    expect(worker.proc.exitCode).toBeNull();
    for (const id of ids) expect(postsOf(double, id).length, id).toBeLessThanOrEqual(1);
    await t.producer.service.submit(spec("after-restart"));
    const after = await t.final("after-restart", 30_000);
    expect(after.state).toBe("delivered");
    expect(postsOf(double, "after-restart")).toHaveLength(1);
  });
});
