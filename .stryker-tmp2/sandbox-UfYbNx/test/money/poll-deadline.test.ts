// @ts-nocheck
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { cliOrigin, type JobStack, startJobStack } from "../helpers/job-stack.js";

let double: ThetaDouble;
let fast: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 60_000, processingMs: 60_000 }, warmup: [] });
  fast = await createThetaDouble({ inferTiming: { pendingMs: 30, processingMs: 60 }, warmup: [] });
});
afterAll(async () => {
  await double.close();
  await fast.close();
});

const STATUS = /^\/ondemand\/infer_request\/infr_rqst_/;

describe.each([
  ["embedded", false],
  ["bullmq", true],
])("status polling that keeps failing, on the %s queue", (_n, redis) => {
  let stack: JobStack;
  afterEach(async () => {
    await stack?.close();
    double.reset();
  });

  it("backs off and ends at the job deadline with how to fetch the result later", async () => {
    stack = await startJobStack(double, {
      redis,
      env: {
        JOB_DEADLINE_MS: "2000",
        JOB_POLL_BASE_MS: "50",
        JOB_POLL_MAX_MS: "800",
        THETA_HTTP_MAX_RETRIES: "0",
      },
    });
    double.fault({ method: "GET", path: STATUS, status: 502, body: "<html>502 Bad Gateway</html>" });
    await stack.service.submit({
      id: "poll-502",
      kind: "ondemand",
      title: "never readable",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "x" } },
    });
    const final = await stack.service.waitFor("poll-502");
    expect(final.state).toBe("failed");
    expect(final.error?.code).toBe("job_deadline");
    expect(final.error?.message).toMatch(/it may still finish and be billed/);
    expect(final.error?.message).toContain(
      `theta-bot op theta.ondemand.pollUntilDone --requestId ${final.upstreamId}`,
    );
    // Growing intervals (50, 75, 112 … 800 ms) over 2 s are about a dozen polls; a fixed 50 ms
    // interval would be 40.
    const polls = double.count("GET", STATUS);
    expect(polls).toBeGreaterThan(2);
    expect(polls).toBeLessThan(20);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a job whose polls fail for a while, then succeed, still completes", async () => {
    stack = await startJobStack(fast, {
      redis,
      env: {
        JOB_DEADLINE_MS: "20000",
        JOB_POLL_BASE_MS: "50",
        JOB_POLL_MAX_MS: "200",
        THETA_HTTP_MAX_RETRIES: "0",
      },
    });
    fast.fault({ method: "GET", path: STATUS, status: 503, times: 4 });
    await stack.service.submit({
      id: "poll-flaky",
      kind: "ondemand",
      title: "flaky",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "x" }, deadlineMs: 20_000 },
    });
    const final = await stack.service.waitFor("poll-flaky");
    expect(final.state).toBe("delivered");
    expect(fast.count("GET", STATUS)).toBeGreaterThan(4);
    fast.reset();
  });
});
