// @ts-nocheck
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createThetaDouble, PNG, type ThetaDouble } from "../doubles/theta/index.js";
import { cliOrigin, type JobStack, startJobStack } from "../helpers/job-stack.js";

let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 30, processingMs: 60 }, warmup: [] });
});
afterAll(() => double.close());

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.each([
  ["embedded", false],
  ["bullmq", true],
])("job pipeline on the %s queue", (_name, redis) => {
  let stack: JobStack;
  afterEach(async () => {
    await stack?.close();
    double.reset();
  });

  it("an image job is submitted once, polled, fetched and delivered once, byte-identical", async () => {
    stack = await startJobStack(double, { redis });
    const r = await stack.service.submit({
      id: "img-1",
      kind: "ondemand",
      title: "a red fox",
      origin: cliOrigin,
      service: "flux",
      data: { service: "flux", input: { prompt: "a red fox" } },
    });
    expect(r.created).toBe(true);
    const final = await stack.service.waitFor("img-1");
    expect(final.state).toBe("delivered");
    expect(final.upstreamId).toMatch(/^infr_rqst_/);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    expect(stack.sink.results).toHaveLength(1);
    const file = stack.sink.results[0]!.files[0]!;
    expect(file.sha256).toBe(sha(PNG));
    expect(stack.sink.results[0]!.outcome).toBe("success");
  });

  it("the same job id submitted twice is one submit and one delivery", async () => {
    stack = await startJobStack(double, { redis });
    const spec = {
      id: "img-twice",
      kind: "ondemand" as const,
      title: "twice",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "twice" } },
    };
    const [a, b] = await Promise.all([stack.service.submit(spec), stack.service.submit(spec)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await stack.service.waitFor("img-twice");
    await stack.service.submit(spec);
    await new Promise((r) => setTimeout(r, 300));
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    expect(stack.sink.results.filter((x) => x.jobId === "img-twice")).toHaveLength(1);
  });

  it("a failed request is reported with Theta's message and nothing is fetched", async () => {
    stack = await startJobStack(double, { redis });
    double.setInferOutcome("flux", { state: "error", message: "NSFW filter" });
    await stack.service.submit({
      id: "img-err",
      kind: "ondemand",
      title: "x",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "x" } },
    });
    const final = await stack.service.waitFor("img-err");
    expect(final.state).toBe("failed");
    expect(stack.sink.results[0]!.result.error?.message).toMatch(/NSFW filter/);
    expect(double.count("GET", /^\/outputs\//)).toBe(0);
  });

  it("capacity 409s before submission are retried later and the job completes", async () => {
    stack = await startJobStack(double, { redis });
    double.fault({
      method: "POST",
      path: "/ondemand/infer_request/flux",
      status: 409,
      envelope: "string",
      times: 3,
    });
    await stack.service.submit({
      id: "img-cap",
      kind: "ondemand",
      title: "x",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "x" } },
    });
    const final = await stack.service.waitFor("img-cap");
    expect(final.state).toBe("delivered");
    expect(final.capacityRetries).toBe(3);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(4);
  });

  it("a submit that times out after Theta accepted it ends ambiguous, without a second submit", async () => {
    stack = await startJobStack(double, { redis, env: { THETA_HTTP_TIMEOUT_MS: "1000" } });
    double.fault({
      method: "POST",
      path: "/ondemand/infer_request/flux",
      delayAfterHandleMs: 2500,
      times: 1,
    });
    await stack.service.submit({
      id: "img-amb",
      kind: "ondemand",
      title: "x",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "x" } },
    });
    const final = await stack.service.waitFor("img-amb");
    expect(final.state).toBe("ambiguous");
    expect(stack.sink.results[0]!.result.error?.message).toMatch(
      /not sent again, so you are not charged twice/,
    );
    await new Promise((r) => setTimeout(r, 1600));
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("cancel before submission removes the job and nothing is charged", async () => {
    stack = await startJobStack(double, { redis, concurrency: 1 });
    double.fault({ method: "POST", path: "/ondemand/infer_request/flux", latencyMs: 800, times: 1 });
    await stack.service.submit({
      id: "blocker",
      kind: "ondemand",
      title: "b",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "b" } },
    });
    await stack.service.submit({
      id: "img-cancel",
      kind: "ondemand",
      title: "c",
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: "c" } },
    });
    const r = await stack.service.cancel("img-cancel", cliOrigin.userId, stack.deps);
    expect(r.message).toMatch(/nothing was charged/);
    const final = await stack.service.waitFor("img-cancel");
    expect(final.state).toBe("cancelled");
    await stack.service.waitFor("blocker");
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("cancel after submission stops polling and says Theta may still bill it", async () => {
    const slow = await createThetaDouble({
      inferTiming: { pendingMs: 3000, processingMs: 3000 },
      warmup: [],
    });
    stack = await startJobStack(slow, { redis });
    try {
      await stack.service.submit({
        id: "img-late",
        kind: "ondemand",
        title: "x",
        origin: cliOrigin,
        data: { service: "flux", input: { prompt: "x" } },
      });
      while ((await stack.service.ledger.get("img-late"))?.state !== "submitted")
        await new Promise((r) => setTimeout(r, 20));
      await expect(stack.service.cancel("img-late", "someone-else")).rejects.toMatchObject({
        code: "not_requester",
      });
      await stack.service.cancel("img-late", cliOrigin.userId);
      const final = await stack.service.waitFor("img-late");
      expect(final.state).toBe("cancelled");
      expect(final.error?.message).toMatch(/may still finish and be billed/);
      const polls = slow.count("GET", /^\/ondemand\/infer_request\//);
      await new Promise((r) => setTimeout(r, 600));
      expect(slow.count("GET", /^\/ondemand\/infer_request\//)).toBe(polls);
    } finally {
      await stack.close();
      await slow.close();
      stack = undefined as unknown as JobStack;
    }
  });
});
