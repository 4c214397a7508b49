// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Metrics } from "../../src/core/metrics.js";
import { startHttpServer } from "../../src/http/server.js";

describe("health and metrics HTTP server", () => {
  const metrics = new Metrics();
  let ready = true;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      metrics,
      checks: [
        { name: "store", check: async () => ready },
        { name: "queue", check: async () => true },
      ],
      beforeScrape: async () => metrics.queueDepth.set({ state: "waiting" }, 3),
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("/healthz answers 200 while the process is up", async () => {
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
  });

  it("/readyz is 200 when every check passes and 503 naming the failing one otherwise", async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    ready = false;
    const r = await fetch(`${server.url}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ ok: false, checks: { store: false, queue: true } });
    ready = true;
  });

  it("/metrics serves Prometheus text with queue depth, Theta latency/errors, job outcome and spend", async () => {
    const hooks = metrics.thetaHooks();
    hooks.onResponse?.({
      family: "ondemand",
      method: "POST",
      route: "/infer_request/{service}",
      status: 409,
      ms: 120,
    });
    metrics.jobFinished({
      kind: "ondemand",
      service: "flux",
      outcome: "success",
      seconds: 4,
      tenant: "discord:1",
      costUsd: 0.01,
    });
    const r = await fetch(`${server.url}/metrics`);
    expect(r.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await r.text();
    expect(text).toContain('theta_bot_queue_jobs{state="waiting"} 3');
    expect(text).toContain('theta_bot_theta_errors_total{family="ondemand",status="409"} 1');
    expect(text).toMatch(
      /theta_bot_job_duration_seconds_count\{kind="ondemand",service="flux",outcome="success"\} 1/,
    );
    expect(text).toContain('theta_bot_spend_usd_total{tenant="discord:1"} 0.01');
  });

  it("unknown paths are 404 with the list of routes", async () => {
    const r = await fetch(`${server.url}/nope`);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain("/metrics");
  });
});
