import { describe, expect, it } from "vitest";
import type { JobSpec } from "../../src/jobs/service.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { freePort, sleep, startChild, waitUntil } from "./fixtures/reliability-kit.js";
import { reliabilityScope } from "./fixtures/reliability-run.js";

const STATUS = /^\/ondemand\/infer_request\/infr_rqst_/;
const spec = (id: string): JobSpec => ({
  id,
  kind: "ondemand",
  title: id,
  origin: { platform: "test", tenantId: "t1", userId: "u1" },
  service: "flux",
  data: { service: "flux", input: { prompt: id } },
});

const scope = reliabilityScope();

async function setup(tag: string, double: ThetaDouble) {
  const run = await scope.run(tag, double);
  const port = await freePort();
  const cfg = run.cfg({
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_SECRET: "process-test-webhook-secret-0123456789",
      JOB_WEBHOOK_POLL_MS: "600000",
    },
    httpPort: port,
  });
  const delivered = (id: string) =>
    waitUntil(
      async () => ((await run.producer.ledger.get(id))?.state === "delivered" ? true : undefined),
      `${id} delivered`,
      30_000,
    );
  return { ...run, cfg, port, delivered };
}

describe("completion webhooks with worker processes on real Redis", () => {
  it("a duplicated webhook delivers once; a forged one is refused", async () => {
    const double = await scope.double({ inferTiming: { pendingMs: 200, processingMs: 600 } });
    double.setWebhookFault({ mode: "twice", gapMs: 20 });
    const t = await setup("hook-dup", double);
    await startChild(t.cfg);
    await t.producer.service.submit(spec("dup-1"));
    await t.delivered("dup-1");
    await sleep(300);
    expect(double.webhookCalls().map((c) => c.status)).toEqual([202, 202]);
    expect(t.lines("dup-1")).toHaveLength(1);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    const forged = await fetch(`http://127.0.0.1:${t.port}/hooks/theta/dup-1/${"A".repeat(32)}`, {
      method: "POST",
      body: "{}",
    });
    expect(forged.status).toBe(404);
  });

  it("a worker killed while its job waits: the replacement receives the webhook and delivers", async () => {
    // Theta takes 8 s: long enough for the replacement to be listening when the webhook comes.
    const double = await scope.double({ inferTiming: { pendingMs: 500, processingMs: 7500 } });
    const t = await setup("hook-kill", double);
    const a = await startChild(t.cfg);
    await t.producer.service.submit(spec("kill-1"));
    await waitUntil(
      async () => ((await t.producer.state("kill-1")) === "submitted" ? true : undefined),
      "kill-1 submitted",
    );
    await a.kill("SIGKILL");
    await startChild(t.cfg); // same port: PUBLIC_URL reaches the replacement
    await t.delivered("kill-1");
    expect(double.webhookCalls().map((c) => c.status)).toEqual([202]);
    expect(t.lines("kill-1")).toHaveLength(1);
    expect(double.count("GET", STATUS)).toBeLessThanOrEqual(2);
  });
});
