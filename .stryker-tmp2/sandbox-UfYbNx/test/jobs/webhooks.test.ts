// @ts-nocheck
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Metrics } from "../../src/core/metrics.js";
import { startHttpServer } from "../../src/http/server.js";
import { handleCompletionHook, hookToken, isHookPath } from "../../src/jobs/completion-hooks.js";
import { createThetaDouble, type ThetaDouble, type WebhookFault } from "../doubles/theta/index.js";
import { cliOrigin, type JobStack, startJobStack } from "../helpers/job-stack.js";

const SECRET = "webhook-secret-for-tests-0123456789abcdef";
const STATUS = /^\/ondemand\/infer_request\/infr_rqst_/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let double: ThetaDouble;
let http: Awaited<ReturnType<typeof startHttpServer>>;
let handler: (path: string) => Promise<number> = async () => 404;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 300, processingMs: 900 }, warmup: [] });
  http = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    metrics: new Metrics(),
    checks: [],
    post: { matches: isHookPath, handle: (p) => handler(p) },
  });
});
afterAll(async () => {
  http.close();
  await double.close();
});

describe.each([
  ["embedded", false],
  ["bullmq", true],
])("Theta completion webhooks on the %s queue", (_n, redis) => {
  let stack: JobStack;
  afterEach(async () => {
    await stack?.close();
    double.reset();
  });

  async function start(safetyPollMs: number, fault: WebhookFault = { mode: "send" }) {
    stack = await startJobStack(double, {
      redis,
      env: { PUBLIC_URL: http.url, WEBHOOK_SECRET: SECRET, JOB_WEBHOOK_POLL_MS: String(safetyPollMs) },
    });
    const w = stack.deps.config.webhooks!;
    handler = (p) =>
      handleCompletionHook(
        { settings: w, store: stack.store, queue: stack.service.queue, logger: stack.deps.logger },
        p,
      );
    double.setWebhookFault(fault);
    return w;
  }
  const submit = (id: string) =>
    stack.service.submit({
      id,
      kind: "ondemand",
      title: id,
      origin: cliOrigin,
      data: { service: "flux", input: { prompt: id } },
    });

  it("the request carries a signed per-job URL, and the webhook moves the job on at once", async () => {
    const w = await start(600_000); // the safety-net poll would take 10 minutes
    await submit("hook-1");
    const final = await stack.service.waitFor("hook-1");
    expect(final.state).toBe("delivered");
    const post = double.requests.find(
      (r) => r.method === "POST" && r.path === "/ondemand/infer_request/flux",
    )!;
    expect((post.body as { webhook?: string }).webhook).toBe(
      `${http.url}/hooks/theta/hook-1/${hookToken(w.key, "hook-1")}`,
    );
    expect(double.webhookCalls().map((c) => c.status)).toEqual([202]);
    expect(double.count("GET", STATUS)).toBeLessThanOrEqual(2);
    expect(final.deliveredAt! - (final.submittedAt ?? 0)).toBeLessThan(10_000);
  });

  it("a webhook that never comes: the slow safety-net poll still finishes the job", async () => {
    await start(1500, { mode: "never" });
    await submit("hook-never");
    const final = await stack.service.waitFor("hook-never");
    expect(final.state).toBe("delivered");
    expect(double.webhookCalls()).toHaveLength(0);
  });

  it("a webhook sent twice: one delivery, one submit", async () => {
    await start(600_000, { mode: "twice", gapMs: 30 });
    await submit("hook-twice");
    await stack.service.waitFor("hook-twice");
    await sleep(300);
    expect(double.webhookCalls().map((c) => c.status)).toEqual([202, 202]);
    expect(stack.sink.results.filter((r) => r.jobId === "hook-twice")).toHaveLength(1);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a forged webhook is refused and changes nothing; the safety net delivers", async () => {
    await start(4000, { mode: "forged" });
    await submit("hook-forged");
    await sleep(1600); // past Theta's finish and the forged call
    expect(double.webhookCalls().map((c) => [c.forged, c.status])).toEqual([[true, 404]]);
    expect((await stack.deps.ledger.get("hook-forged"))?.state).toBe("submitted");
    expect(await stack.store.get("hook:poke:hook-forged")).toBeNull();
    const final = await stack.service.waitFor("hook-forged");
    expect(final.state).toBe("delivered");
  });

  it("an early webhook that claims success is not trusted: nothing is posted before Theta finishes", async () => {
    await start(600_000, { mode: "early" });
    const sent = Date.now();
    await submit("hook-early");
    await sleep(700); // the early call (at ~300 ms) has woken the job, which found it processing
    expect(double.webhookCalls().map((c) => [c.early, c.status])).toEqual([[true, 202]]);
    expect(stack.sink.results).toHaveLength(0);
    expect((await stack.deps.ledger.get("hook-early"))?.state).toBe("submitted");
    // No later webhook comes in this mode; a real one would. Wake it the way Theta would.
    const w = stack.deps.config.webhooks!;
    await sleep(Math.max(0, sent + 1400 - Date.now()));
    expect(await handler(`/hooks/theta/hook-early/${hookToken(w.key, "hook-early")}`)).toBe(202);
    const final = await stack.service.waitFor("hook-early");
    expect(final.state).toBe("delivered");
  });

  it("a late webhook after delivery changes nothing", async () => {
    await start(600_000, { mode: "late", delayMs: 200 });
    await submit("hook-late");
    // The late call is also the only one: it still finishes the job, 200 ms after Theta did.
    await stack.service.waitFor("hook-late");
    const w = stack.deps.config.webhooks!;
    const polls = double.count("GET", STATUS);
    expect(await handler(`/hooks/theta/hook-late/${hookToken(w.key, "hook-late")}`)).toBe(202);
    await sleep(300);
    expect(double.count("GET", STATUS)).toBe(polls);
    expect(stack.sink.results.filter((r) => r.jobId === "hook-late")).toHaveLength(1);
  });
});
