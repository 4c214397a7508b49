import { describe, expect, it, vi } from "vitest";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { type Harness, openHarness, useThetaDouble } from "./ondemand-harness.js";

/**
 * The clock of an on-demand job: how long a refused submission waits before the next try, when
 * the capacity and poll deadlines end it (exactly at the deadline it still waits), and the ETA
 * shown while it runs. The clock is frozen (only Date is faked) so the edges are exact.
 */
let double: ThetaDouble;
const opened = useThetaDouble({ pendingMs: 60_000, processingMs: 60_000 }, (d) => (double = d));

const POST = "/ondemand/infer_request/flux";
const delayOf = (r: unknown) => (r as { delayMs: number }).delayMs;
/** Refused for capacity, without a Retry-After: the bot chooses the wait. */
const noCapacity = () => double.fault({ method: "POST", path: POST, status: 409, times: 1 });

describe("a submission Theta refuses for capacity", () => {
  it("the first retry waits 1-2 s (twice the poll base, with jitter)", async () => {
    const s = await openHarness(double, opened);
    const d = await s.job("first");
    noCapacity();
    const ms = delayOf(await s.step("first", d));
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThanOrEqual(2000);
    expect(s.stages.at(-1)).toEqual({ stage: "capacity", message: `retry 1 in ${Math.ceil(ms / 1000)} s` });
  });

  it("after many refusals the wait is capped at nine poll maxima (45-90 s)", async () => {
    const s = await openHarness(double, opened, { JOB_CAPACITY_DEADLINE_MS: "600000" });
    const d = await s.job("many");
    await s.ledger.transition("many", ["queued"], "queued", { capacityRetries: 10 });
    noCapacity();
    const ms = delayOf(await s.step("many", d));
    expect(ms).toBeGreaterThanOrEqual(45_000);
    expect(ms).toBeLessThanOrEqual(90_000);
    expect(await s.get("many")).toMatchObject({ state: "queued", capacityRetries: 11 });
  });

  it("a retry that would land exactly at the capacity deadline is still made", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const s = await openHarness(double, opened, { JOB_CAPACITY_DEADLINE_MS: "60000" });
    const d = await s.job("edge");
    double.fault({ method: "POST", path: POST, status: 409, times: 1, headers: { "retry-after": "60" } });
    expect(await s.step("edge", d)).toEqual({ kind: "delay", delayMs: 60_000 });
    expect((await s.get("edge")).state).toBe("queued");
  });

  it("a submission whose answer is lost ends ambiguous and says where to check", async () => {
    const s = await openHarness(double, opened, { THETA_HTTP_TIMEOUT_MS: "300" });
    const d = await s.job("lost");
    double.fault({ method: "POST", path: POST, delayAfterHandleMs: 1500, times: 1 });
    await s.step("lost", d);
    const e = await s.get("lost");
    expect(e.state).toBe("ambiguous");
    expect(e.error?.message).toMatch(/not charged twice; .*\. Check your Theta dashboard before retrying\.$/);
  });
});

describe("polling against the deadline", () => {
  async function submittedAgo(s: Harness, id: string, deadlineMs: number, agoMs: number) {
    const d = await s.job(id, { deadlineMs });
    await s.step(id, d);
    await s.ledger.transition(id, ["submitted"], "submitted", { submittedAt: Date.now() - agoMs });
    return { ...d, step: 1 };
  }

  it("exactly at the deadline the job still waits, for at most the time left (plus 50 ms)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const s = await openHarness(double, opened);
    const d = await submittedAgo(s, "dl", 5000, 5000);
    expect(await s.step("dl", d)).toEqual({ kind: "delay", delayMs: 50, data: { ...d, step: 2 } });
    expect((await s.get("dl")).state).toBe("submitted");
  });

  it("near the deadline the next poll is brought forward to it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const s = await openHarness(double, opened);
    const d = await submittedAgo(s, "near", 3000, 2000);
    expect(delayOf(await s.step("near", d))).toBe(1050);
  });

  it("the ETA shown is a quarter of the deadline minus the time already spent, never negative", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const s = await openHarness(double, opened);
    const d = await submittedAgo(s, "eta", 40_000, 4000);
    await s.step("eta", d);
    expect(s.stages.at(-1)).toMatchObject({ stage: "pending", etaMs: 6000 });
    const late = await submittedAgo(s, "late", 8000, 4000);
    await s.step("late", late);
    expect(s.stages.at(-1)).toMatchObject({ stage: "pending", etaMs: 0 });
  });
});
