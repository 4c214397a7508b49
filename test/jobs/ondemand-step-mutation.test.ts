import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { createLogger } from "../../src/core/logger.js";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import { RecordingDelivery } from "../../src/jobs/delivery-recording.js";
import { Ledger, type LedgerEntry } from "../../src/jobs/ledger.js";
import type { JobDeps } from "../../src/jobs/processors/deps.js";
import { type OndemandJobData, ondemandStep } from "../../src/jobs/processors/ondemand.js";
import type { JobContext, StepResult } from "../../src/jobs/queue/job-queue.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { doubleEnv } from "../helpers/theta-runtime.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/**
 * One step of an on-demand job at a time, against the Theta double: what each ledger state leads
 * to (submit once, poll with back-off, end at the deadline, settle), and what the requester reads.
 */
let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 60_000, processingMs: 60_000 }, warmup: [] });
});
afterAll(() => double.close());

const opened: OpenedStore[] = [];
afterEach(async () => {
  double.reset();
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

const origin: JobOrigin = { platform: "test", tenantId: "t1", userId: "u1" };
const POST = "/ondemand/infer_request/flux";

async function setup(env: Record<string, string> = {}) {
  const o = await openEmbedded();
  opened.push(o);
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
  const ledger = new Ledger(o.store);
  const sink = new RecordingDelivery();
  const finished: unknown[] = [];
  const deps: JobDeps = {
    config,
    ledger,
    credentials: new EnvCredentialProvider(config),
    delivery: sink,
    logger: createLogger("silent"),
    events: { onFinished: (x) => void finished.push(x) },
  };
  const stages: Array<{ stage: string; message?: string }> = [];
  const job = async (id: string, data: Partial<OndemandJobData> = {}) => {
    const d: OndemandJobData = { service: "flux", input: { prompt: id }, mediaKind: "image", ...data };
    await ledger.create({ id, kind: "ondemand", title: id, origin, service: "flux", data: d });
    return d;
  };
  const step = (id: string, data: OndemandJobData): Promise<StepResult> => {
    const ctx: JobContext<OndemandJobData> = {
      id,
      name: "ondemand",
      data,
      run: 1,
      recovered: false,
      progress: async (p) => {
        stages.push({ stage: p.stage, ...(p.message ? { message: p.message } : {}) });
      },
      signal: new AbortController().signal,
    };
    return ondemandStep(ctx, deps);
  };
  return { store: o.store, ledger, sink, deps, job, step, stages, finished };
}

const get = async (l: Ledger, id: string) => (await l.get(id)) as LedgerEntry;

describe("on-demand step: submit", () => {
  it("a queued job is submitted once, recorded as submitted with Theta's id, and polled after the base interval", async () => {
    const s = await setup();
    const d = await s.job("sub");
    const r = await s.step("sub", d);
    expect(r).toEqual({ kind: "delay", delayMs: 1000, data: { ...d, step: 1 } });
    const e = await get(s.ledger, "sub");
    expect(e.state).toBe("submitted");
    expect(e.upstreamId).toMatch(/^infr_rqst_/);
    expect(e.submittedAt).toBeGreaterThan(0);
    expect(double.count("POST", POST)).toBe(1);
    expect(s.stages.map((x) => x.stage)).toEqual(["submitting", "pending"]);
  });

  it("no capacity: back to queued, retried after what Retry-After asked, nothing charged", async () => {
    const s = await setup();
    const d = await s.job("cap");
    double.fault({ method: "POST", path: POST, status: 409, times: 1, headers: { "retry-after": "3" } });
    const r = await s.step("cap", d);
    expect(r).toEqual({ kind: "delay", delayMs: 3000 });
    expect(await get(s.ledger, "cap")).toMatchObject({ state: "queued", capacityRetries: 1 });
    expect(s.stages.at(-1)).toEqual({ stage: "capacity", message: "retry 1 in 3 s" });
    // The next run submits it.
    const again = await s.step("cap", d);
    expect(again).toMatchObject({ kind: "delay", data: { step: 1 } });
    expect((await get(s.ledger, "cap")).state).toBe("submitted");
  });

  it("rate limited before acceptance: the same, and the retries are counted", async () => {
    const s = await setup();
    const d = await s.job("rl");
    double.fault({ method: "POST", path: POST, status: 429, times: 2, headers: { "retry-after": "1" } });
    await s.step("rl", d);
    await s.step("rl", d);
    expect(await get(s.ledger, "rl")).toMatchObject({ state: "queued", capacityRetries: 2 });
    expect(s.stages.at(-1)).toEqual({ stage: "rate-limited", message: "retry 2 in 1 s" });
  });

  it("no capacity past the capacity deadline: failed, and the requester is told nothing was charged", async () => {
    const s = await setup({ JOB_CAPACITY_DEADLINE_MS: "60000" });
    const d = await s.job("capdl");
    double.fault({ method: "POST", path: POST, status: 409, times: 1, headers: { "retry-after": "61" } });
    const r = await s.step("capdl", d);
    expect(r.kind).toBe("done");
    const e = await get(s.ledger, "capdl");
    expect(e.state).toBe("failed");
    expect(e.error?.message).toBe(
      "Theta had no capacity for flux for 1 minutes; nothing was charged. Try again later or another model.",
    );
  });

  it("a job found submitting without Theta's id is ambiguous and never submitted again", async () => {
    const s = await setup();
    const d = await s.job("amb");
    await s.ledger.transition("amb", ["queued"], "submitting");
    await s.step("amb", d);
    const e = await get(s.ledger, "amb");
    expect(e.state).toBe("ambiguous");
    expect(e.error).toEqual({
      code: "ambiguous_submission",
      message:
        "A worker stopped while submitting to flux; it was not submitted again, so you are not charged twice. Check your Theta dashboard before retrying.",
    });
    expect(double.count("POST", POST)).toBe(0);
  });

  it("a job found submitting with Theta's id kept in its data resumes polling", async () => {
    const s = await setup();
    const d = await s.job("kept");
    await s.ledger.transition("kept", ["queued"], "submitting");
    const r = await s.step("kept", { ...d, upstreamId: "infr_rqst_kept" });
    expect(r).toEqual({ kind: "delay", delayMs: 0 });
    expect(await get(s.ledger, "kept")).toMatchObject({ state: "submitted", upstreamId: "infr_rqst_kept" });
    expect(double.count("POST", POST)).toBe(0);
  });

  it("a finished job's step does nothing more", async () => {
    const s = await setup();
    const d = await s.job("fin");
    await s.ledger.transition("fin", ["queued"], "cancelled");
    expect(await s.step("fin", d)).toEqual({ kind: "done", result: { state: "cancelled" } });
  });
});

describe("on-demand step: poll", () => {
  async function submitted(
    s: Awaited<ReturnType<typeof setup>>,
    id: string,
    extra: Partial<OndemandJobData> = {},
  ) {
    const d = await s.job(id, extra);
    await s.step(id, d);
    return { ...d, step: 1 };
  }

  it("a pending request is polled again with a growing interval", async () => {
    const s = await setup();
    const d = await submitted(s, "p1");
    const r = await s.step("p1", d);
    expect(r).toEqual({ kind: "delay", delayMs: 1500, data: { ...d, step: 2 } });
    const r3 = await s.step("p1", { ...d, step: 2 });
    expect(r3).toMatchObject({ delayMs: 2250, data: { step: 3 } });
    expect(s.stages.at(-1)?.stage).toBe("pending");
  });

  it("the wait never runs past the deadline", async () => {
    const s = await setup();
    const d = await submitted(s, "p2", { deadlineMs: 1200 });
    const r = await s.step("p2", d);
    expect(r.kind).toBe("delay");
    const ms = (r as { delayMs: number }).delayMs;
    expect(ms).toBeLessThanOrEqual(1250);
    expect(ms).toBeGreaterThan(1000);
  });

  it("past the deadline the job ends and says how to fetch the result later", async () => {
    const s = await setup();
    const d = await submitted(s, "p3", { deadlineMs: 1 });
    const e0 = await get(s.ledger, "p3");
    await s.ledger.transition("p3", ["submitted"], "submitted", { submittedAt: Date.now() - 5000 });
    await s.step("p3", d);
    const e = await get(s.ledger, "p3");
    expect(e.state).toBe("failed");
    expect(e.outcome).toBe("timeout");
    expect(e.error?.code).toBe("job_deadline");
    expect(e.error?.message).toBe(
      `Theta has not finished flux after 5 s and it was still pending; it may still finish and be billed. ` +
        `Fetch it later with \`theta-bot op theta.ondemand.pollUntilDone --requestId ${e0.upstreamId}\` (or /theta jobs show p3).`,
    );
  });

  it("failed polls keep the job waiting until the deadline, then end it with the reason", async () => {
    const s = await setup();
    const d = await submitted(s, "p4", { deadlineMs: 2000 });
    double.fault({
      method: "GET",
      path: /\/ondemand\/infer_request\//,
      status: 502,
      body: "<html>bad</html>",
    });
    const r = await s.step("p4", d);
    expect(r).toMatchObject({ kind: "delay", data: { step: 2 } });
    expect(s.stages.at(-1)?.stage).toBe("polling");
    expect(s.stages.at(-1)?.message).toMatch(/^status check failed, retrying \(/);
    expect((await get(s.ledger, "p4")).state).toBe("submitted");
    await s.ledger.transition("p4", ["submitted"], "submitted", { submittedAt: Date.now() - 3000 });
    await s.step("p4", { ...d, step: 2 });
    const e = await get(s.ledger, "p4");
    expect(e.state).toBe("failed");
    expect(e.error?.message).toMatch(
      /after 3 s and its status could not be read \(.+\); it may still finish and be billed/,
    );
  });

  it("a request Theta failed ends with Theta's reason; a success is delivered with its cost", async () => {
    const s = await setup();
    double.fault({
      method: "GET",
      path: /\/ondemand\/infer_request\//,
      status: 200,
      times: 1,
      body: {
        status: "success",
        body: { infer_requests: [{ id: "infr_rqst_x", state: "failed", error_message: "out of memory" }] },
      },
    });
    const d = await submitted(s, "p5");
    await s.step("p5", d);
    const e = await get(s.ledger, "p5");
    expect(e.state).toBe("failed");
    expect(e.error).toEqual({ code: "theta_request_failed", message: "flux failed on Theta: out of memory" });
  });
});
