import { describe, expect, it } from "vitest";
import type { Ledger, LedgerEntry } from "../../src/jobs/ledger.js";
import type { OndemandJobData } from "../../src/jobs/processors/ondemand.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { openHarness, useThetaDouble } from "./ondemand-harness.js";

/**
 * One step of an on-demand job at a time, against the Theta double: what each ledger state leads
 * to (submit once, poll with back-off, end at the deadline, settle), and what the requester reads.
 */
let double: ThetaDouble;
const opened = useThetaDouble({ pendingMs: 60_000, processingMs: 60_000 }, (d) => {
  double = d;
});

const POST = "/ondemand/infer_request/flux";

/** The harness's step runner, with this file's jobs asking for an image. */
async function setup(env: Record<string, string> = {}) {
  const h = await openHarness(double, opened, env);
  const job = (id: string, data: Partial<OndemandJobData> = {}) => h.job(id, { mediaKind: "image", ...data });
  return { ...h, job };
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
