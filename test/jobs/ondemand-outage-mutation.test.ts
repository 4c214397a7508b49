import { describe, expect, it, vi } from "vitest";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { type Harness, openHarness, outage, useThetaDouble } from "./ondemand-harness.js";

/**
 * An on-demand step when the state store (Redis) is away, or a write fails outright: nothing is
 * decided during an outage, Theta's id is never lost once Theta accepted (and will bill) the
 * request, and an unexpected error either fails the job with its reason or leaves it for the
 * next run, never sending it twice.
 */
let double: ThetaDouble;
const opened = useThetaDouble({ pendingMs: 60_000, processingMs: 60_000 }, (d) => (double = d));

const POST = "/ondemand/infer_request/flux";
const STATUS = /^\/ondemand\/infer_request\/infr_rqst_/;
/** Theta's answer to the POST: already finished (a sync service), with a text output. */
const finishedAtOnce = () =>
  double.fault({
    method: "POST",
    path: POST,
    status: 200,
    times: 1,
    body: {
      status: "success",
      body: { infer_requests: [{ id: "infr_rqst_sync", state: "success", output: { text: "ok" } }] },
    },
  });
/** Fails the first ledger write of `state` with `err`, once. */
function failWriteOf(s: Harness, state: string, err: () => Error) {
  let failed = false;
  s.sw.beforeWrite = (next) => {
    if (next === state && !failed) {
      failed = true;
      throw err();
    }
  };
}
/** Fails the n-th ledger write from now on (1 = the next one) with `err`, once. */
function failWrite(s: Harness, n: number, err: () => Error) {
  let seen = 0;
  s.sw.beforeWrite = () => {
    if (++seen === n) throw err();
  };
}

describe("the store is away", () => {
  it("when the step starts: nothing is decided or sent, and the job is looked at again in 2 s", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("down");
    s.sw.down = true;
    expect(await s.step("down", d)).toEqual({ kind: "delay", delayMs: 2000 });
    s.sw.down = false;
    expect(double.count("POST", POST)).toBe(0);
    expect((await s.get("down")).state).toBe("queued");
    await s.step("down", d);
    expect((await s.get("down")).state).toBe("submitted");
  });

  it("a job without a ledger record is an error, not a silent retry", async () => {
    const s = await openHarness(double, opened);
    await expect(s.step("ghost", { service: "flux", input: { prompt: "x" } })).rejects.toMatchObject({
      code: "ledger_missing",
    });
  });

  it("for over a minute right after Theta accepted: the id rides in the job data and polling resumes on it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const s = await openHarness(double, opened);
    const d = await s.job("kept");
    // The claim (1st write) goes through; the write that records Theta's id meets a long outage.
    failWrite(s, 2, () => {
      vi.setSystemTime(Date.now() + 61_000);
      return outage();
    });
    const r = await s.step("kept", d);
    expect(r).toEqual({
      kind: "delay",
      delayMs: 2000,
      data: { ...d, upstreamId: expect.stringMatching(/^infr_rqst_/) },
    });
    const id = (r as { data: { upstreamId: string } }).data.upstreamId;
    expect((await s.get("kept")).state).toBe("submitting");
    s.sw.beforeWrite = undefined;
    // The next run records the kept id and polls that request; nothing is submitted again.
    expect(await s.step("kept", (r as { data: typeof d }).data)).toEqual({ kind: "delay", delayMs: 0 });
    expect(await s.get("kept")).toMatchObject({ state: "submitted", upstreamId: id });
    // Theta knows that id: the poll finds the request still pending (an unknown id would fail the job).
    await s.step("kept", { ...d, step: 1 });
    expect(await s.get("kept")).toMatchObject({ state: "submitted" });
    expect(s.stages.at(-1)?.stage).toBe("pending");
    expect(
      double.requests.filter((x) => x.method === "GET" && STATUS.test(x.path)).map((x) => x.path),
    ).toEqual([`/ondemand/infer_request/${id}`]);
    expect(double.count("POST", POST)).toBe(1);
  });

  it("briefly, as a finished request's result is recorded: retried in the same step and delivered once", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("blip");
    finishedAtOnce();
    failWriteOf(s, "done", outage);
    expect((await s.step("blip", d)).kind).toBe("done");
    expect(await s.get("blip")).toMatchObject({
      state: "delivered",
      upstreamId: "infr_rqst_sync",
      text: "ok",
    });
    expect(s.sink.results.map((r) => r.outcome)).toEqual(["success"]);
    expect(double.count("POST", POST)).toBe(1);
  });

  it("while resuming with the kept id: the job waits 2 s more and keeps the id", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("resume");
    await s.ledger.transition("resume", ["queued"], "submitting");
    failWrite(s, 1, outage);
    const data = { ...d, upstreamId: "infr_rqst_kept" };
    expect(await s.step("resume", data)).toEqual({ kind: "delay", delayMs: 2000 });
    expect((await s.get("resume")).state).toBe("submitting");
    await s.step("resume", data);
    expect(await s.get("resume")).toMatchObject({ state: "submitted", upstreamId: "infr_rqst_kept" });
    expect(double.count("POST", POST)).toBe(0);
  });
});

describe("a write that fails for another reason after Theta accepted", () => {
  it("is not taken for an outage: the step fails loudly and the next run ends it ambiguous, never re-sent", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("disk");
    failWrite(s, 2, () => new Error("SQLITE_IOERR: disk I/O error"));
    await expect(s.step("disk", d)).rejects.toThrow("disk I/O error");
    expect((await s.get("disk")).state).toBe("submitting");
    await s.step("disk", d);
    expect((await s.get("disk")).state).toBe("ambiguous");
    expect(double.count("POST", POST)).toBe(1);
  });

  it("as delivery starts: the job fails with the operator-log message, and the operator's log has the error", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("nodeliver");
    finishedAtOnce();
    failWriteOf(s, "delivering", () => new Error("SQLITE_IOERR: disk I/O error"));
    expect((await s.step("nodeliver", d)).kind).toBe("done");
    const e = await s.get("nodeliver");
    expect(e.state).toBe("failed");
    expect(e.error).toEqual({
      code: "internal_error",
      message: "An unexpected error stopped this job; the operator's log has the details.",
    });
    expect(s.sink.results.map((r) => r.outcome)).toEqual(["failed"]);
    const logged = s.logs.find((l) => l.msg === "job step failed");
    expect(logged).toMatchObject({ job: "nodeliver", err: { message: "SQLITE_IOERR: disk I/O error" } });
  });
});
