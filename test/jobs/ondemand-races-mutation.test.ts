import { describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { type Harness, openHarness, useThetaDouble } from "./ondemand-harness.js";

/**
 * An on-demand step whose job is changed by someone else meanwhile (a cancel, another worker),
 * and steps that meet an error they cannot handle: the other side's decision stands, nothing is
 * sent twice, and the job either fails with the reason or is left for the next worker.
 */
let double: ThetaDouble;
const opened = useThetaDouble({ pendingMs: 60_000, processingMs: 60_000 }, (d) => (double = d));

const POST = "/ondemand/infer_request/flux";
const STATUS = /^\/ondemand\/infer_request\/infr_rqst_/;

/** Waits until the job reaches `state`, then moves it to cancelled (a cancel landing meanwhile). */
async function cancelOnce(s: Harness, id: string, state: "submitting" | "submitted") {
  while ((await s.get(id)).state !== state) await new Promise((r) => setImmediate(r));
  expect(await s.ledger.transition(id, [state], "cancelled")).not.toBeNull();
}
async function submitted(s: Harness, id: string) {
  const d = await s.job(id);
  await s.step(id, d);
  expect((await s.get(id)).state).toBe("submitted");
  return { ...d, step: 1 };
}

describe("a cancel that lands during a step stands", () => {
  it("just before the claim: nothing is sent to Theta", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("pre");
    s.onStage = async (p) => {
      if (p.stage === "submitting") await s.ledger.transition("pre", ["queued"], "cancelled");
    };
    expect(await s.step("pre", d)).toEqual({ kind: "delay", delayMs: 0 });
    expect((await s.get("pre")).state).toBe("cancelled");
    expect(double.count("POST", POST)).toBe(0);
  });

  it("while Theta refuses for capacity: the job is not put back in the queue", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("cap");
    double.fault({
      method: "POST",
      path: POST,
      status: 409,
      latencyMs: 800,
      times: 1,
      headers: { "retry-after": "5" },
    });
    const [r] = await Promise.all([s.step("cap", d), cancelOnce(s, "cap", "submitting")]);
    expect(r).toEqual({ kind: "delay", delayMs: 5000 });
    expect((await s.get("cap")).state).toBe("cancelled");
    expect(s.stages.at(-1)).toEqual({ stage: "capacity", message: "retry 1 in 5 s" });
  });

  it("while Theta accepts the request: the cancel stands and the step ends quietly", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("mid");
    double.fault({ method: "POST", path: POST, latencyMs: 800, times: 1 });
    const [r] = await Promise.all([s.step("mid", d), cancelOnce(s, "mid", "submitting")]);
    expect(r).toEqual({ kind: "delay", delayMs: 0 });
    expect((await s.get("mid")).state).toBe("cancelled");
    expect(double.count("POST", POST)).toBe(1);
  });

  it("while a poll finds the request finished: nothing is delivered or counted", async () => {
    const s = await openHarness(double, opened);
    const d = await submitted(s, "fin");
    const { upstreamId } = await s.get("fin");
    double.fault({
      method: "GET",
      path: STATUS,
      status: 200,
      latencyMs: 800,
      times: 1,
      body: {
        status: "success",
        body: { infer_requests: [{ id: upstreamId, state: "success", output: {} }] },
      },
    });
    const [r] = await Promise.all([s.step("fin", d), cancelOnce(s, "fin", "submitted")]);
    expect(r).toEqual({ kind: "delay", delayMs: 0 });
    expect((await s.get("fin")).state).toBe("cancelled");
    expect(s.sink.results).toHaveLength(0);
    expect(s.finished).toHaveLength(0);
  });
});

describe("a status check Theta refuses outright (not worth retrying)", () => {
  const refuse = () => double.fault({ method: "GET", path: STATUS, status: 403, times: 1 });

  it("fails the job at once with the reason", async () => {
    const s = await openHarness(double, opened);
    const d = await submitted(s, "revoked");
    refuse();
    const r = await s.step("revoked", d);
    expect(r.kind).toBe("done");
    const e = await s.get("revoked");
    expect(e.state).toBe("failed");
    expect(e.error?.code).toBe("theta_unauthorized");
    expect(e.error?.message).toMatch(/^Theta refused the credentials \(403 on /);
    expect(s.sink.results[0]!.result.error?.code).toBe("theta_unauthorized");
  });

  it("while the worker shuts down: the job is left submitted for the next worker", async () => {
    const s = await openHarness(double, opened);
    const d = await submitted(s, "closing");
    refuse();
    const ac = new AbortController();
    ac.abort(new BotError({ code: "queue_closing", family: "jobs", message: "The worker is closing." }));
    await expect(s.step("closing", d, ac.signal)).rejects.toMatchObject({ code: "theta_unauthorized" });
    expect((await s.get("closing")).state).toBe("submitted");
    expect(s.sink.results).toHaveLength(0);
  });
});
