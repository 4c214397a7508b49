import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { getOperation } from "../../src/core/operations/registry.js";
import { quoteOperation, runOperation } from "../../src/core/operations/runner.js";
import { usageHistory } from "../doubles/theta/index.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
let prj: string;
beforeAll(async () => {
  h = await startHarness();
  prj = h.double.options.projectId;
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9kb3VibGVrZXlkb3VibGVrZXlkb3VibGU alice@laptop";
const CREATE = {
  deployment_template_id: "gpu_tpl_pytorch",
  resource_id: "h100_80gb_x1",
  container_image: "thetalabs/pytorch:2.5-cuda12.4",
  ssh_public_key: KEY,
  name: "train1",
};
const gpuPath = (tail: string) => `/controller/v1/projects/${prj}/${tail}`;

async function failure(p: Promise<unknown>): Promise<BotError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  return err as BotError;
}

describe("GPU Node operations", () => {
  it("lists resources with hourly prices; the key goes in x-api-key and no Authorization header is sent", async () => {
    const r = (await h.run("theta.gpu.resources.list")) as {
      resources: Array<{ id: string; pricePerHourUsd?: number; kind: string }>;
    };
    const h100 = r.resources.find((x) => x.id === "h100_80gb_x1");
    expect(h100).toMatchObject({ pricePerHourUsd: 2.49, kind: "hosted" });
    expect(r.resources.find((x) => x.id === "community_node/1")?.kind).toBe("community");
    const req = h.double.requests.find((x) => x.path === gpuPath("gpu-resources"))!;
    expect(req.headers["x-api-key"]).toBe(h.double.options.apiKey);
    expect(req.headers.authorization).toBeUndefined();
    expect(getOperation("theta.gpu.resources.list")!.render!(r)).toMatch(/\$2\.49\/h/);
  });

  it("a resource id with a slash is URL-encoded, and region is passed on", async () => {
    const r = (await h.run("theta.gpu.resources.get", {
      resourceId: "community_node/1",
      region: "community",
    })) as {
      resources: Array<{ pricePerHourUsd?: number }>;
    };
    expect(r.resources[0]?.pricePerHourUsd).toBe(0.22);
    const req = h.double.requests.at(-1)!;
    expect(req.path).toBe(gpuPath("gpu-resources/community_node%2F1"));
    expect(req.query.region).toBe("community");
  });

  it("create: a quote with the hourly price for the expected hours; the body carries only Theta's fields", async () => {
    const q = await quoteOperation(h.rt, "theta.gpu.deployments.create", { ...CREATE, hours: 3 });
    expect(q).toMatchObject({ amount: 2.49 * 3, currency: "USD" });
    expect(q?.display).toMatch(/\$2\.49 per hour/);
    const r = (await h.run("theta.gpu.deployments.create", { ...CREATE, hours: 3 })) as {
      deployment: { id: string; status: string };
    };
    expect(r.deployment.status).toBe("pending");
    const post = h.double.requests.find((x) => x.method === "POST" && x.path === gpuPath("gpu-deployments"))!;
    expect(post.body).toEqual(CREATE);
  });

  it("a community GPU needs a price ceiling: refused before any POST; with one the quote shows it", async () => {
    const community = { ...CREATE, resource_id: "community_node/7" };
    const err = await failure(h.run("theta.gpu.deployments.create", community));
    expect(err.code).toBe("gpu_price_ceiling_required");
    expect(err.message).toMatch(/max_price_per_hour_usd.*\$0\.350\/h/);
    expect(h.double.count("POST", gpuPath("gpu-deployments"))).toBe(0);
    const q = await quoteOperation(h.rt, "theta.gpu.deployments.create", {
      ...community,
      max_price_per_hour_usd: 0.5,
    });
    expect(q?.display).toMatch(/ceiling max_price_per_hour_usd \$0\.500\/h/);
    expect(q?.amount).toBe(0.5);
  });

  it("names outside ^[A-Za-z0-9]{1,20}$ are refused with nothing sent", async () => {
    for (const name of ["has space", "a".repeat(21), "dash-name"]) {
      const err = await failure(h.run("theta.gpu.deployments.create", { ...CREATE, name }));
      expect(err.code).toBe("INVALID_INPUT");
    }
    expect(h.double.count("*", /gpu-deployments/)).toBe(0);
  });

  it("dry run previews create, start, stop and delete and sends none of them", async () => {
    const ops: Array<[string, Record<string, unknown>]> = [
      ["theta.gpu.deployments.create", CREATE],
      ["theta.gpu.deployments.start", { deploymentId: "gpud_x/1" }],
      ["theta.gpu.deployments.stop", { deploymentId: "gpud_x/1" }],
      ["theta.gpu.deployments.delete", { deploymentId: "gpud_x/1" }],
    ];
    for (const [name, input] of ops) {
      const r = await runOperation(h.rt, name, input, { dryRun: true });
      expect(r.kind).toBe("dryRun");
      const req = (r as { request?: { method: string; url: string; headers: Record<string, string> } })
        .request!;
      expect(req.url).toContain(`/v1/projects/${prj}/gpu-deployments`);
      expect(JSON.stringify(req.headers)).not.toContain(h.double.options.apiKey);
      if (name.endsWith("delete")) expect(req.method).toBe("DELETE");
      if (!name.endsWith("create")) expect(req.url).toContain("gpud_x%2F1");
    }
    expect(h.double.requests.filter((x) => x.method !== "GET")).toHaveLength(0);
  });

  it("lifecycle: pending → running with connection details, logs and events, stop, start, delete (204)", async () => {
    h.double.setGpuStart({ reads: 1 });
    const { deployment } = (await h.run("theta.gpu.deployments.create", CREATE)) as {
      deployment: { id: string };
    };
    const id = deployment.id;
    const first = (await h.run("theta.gpu.deployments.get", { deploymentId: id })) as {
      deployment: { status: string };
    };
    expect(first.deployment.status).toBe("pending");
    const logsEarly = await failure(h.run("theta.gpu.deployments.logs", { deploymentId: id }));
    expect(logsEarly.status).toBe(409);
    const ready = (await h.run("theta.gpu.deployments.get", { deploymentId: id })) as {
      deployment: { status: string; connection: { ssh?: string; http?: string } };
    };
    expect(ready.deployment.status).toBe("running");
    expect(ready.deployment.connection.ssh).toMatch(
      /^ssh root@gpud_.*\.gpu\.double\.thetaedgecloud\.com -p \d+$/,
    );
    expect(ready.deployment.connection.http).toMatch(/-8888\./);
    const logs = (await h.run("theta.gpu.deployments.logs", { deploymentId: id })) as { text: string };
    expect(logs.text.split("\n").length).toBe(240);
    const events = (await h.run("theta.gpu.deployments.events", { deploymentId: id })) as { text: string };
    expect(events.text).toMatch(/Pulled/);
    await h.run("theta.gpu.deployments.stop", { deploymentId: id });
    const quote = await quoteOperation(h.rt, "theta.gpu.deployments.start", { deploymentId: id, hours: 2 });
    expect(quote?.amount).toBeCloseTo(4.98);
    await h.run("theta.gpu.deployments.start", { deploymentId: id });
    const del = (await h.run("theta.gpu.deployments.delete", { deploymentId: id })) as { deleted: boolean };
    expect(del.deleted).toBe(true);
    const list = (await h.run("theta.gpu.deployments.list")) as { deployments: unknown[] };
    expect(list.deployments).toHaveLength(0);
  });

  it("faults: 403, 409 no capacity, 5xx map to typed errors; a paid start is never repeated", async () => {
    h.double.fault({ path: gpuPath("gpu-resources"), status: 403, times: 1 });
    expect((await failure(h.run("theta.gpu.resources.list"))).code).toBe("theta_unauthorized");
    h.double.fault({ method: "POST", path: gpuPath("gpu-deployments"), status: 409, times: 1 });
    expect((await failure(h.run("theta.gpu.deployments.create", CREATE))).code).toBe("theta_capacity");
    h.double.fault({ method: "POST", path: /\/start$/, status: 503 });
    const err = await failure(h.run("theta.gpu.deployments.start", { deploymentId: "gpud_abc" }));
    expect(err.code).toBe("theta_upstream_error");
    expect(h.double.count("POST", /\/start$/)).toBe(1);
  });

  it("tolerant parsing: unknown shapes are kept and what is missing is named; a 2xx with status ≠ success is an error", async () => {
    h.double.fault({
      path: gpuPath("gpu-resources"),
      status: 200,
      body: { status: "success", body: { items: [{ resource_id: "x1", gpu: "L4", extra: { a: 1 } }] } },
      times: 1,
    });
    const r = (await h.run("theta.gpu.resources.list")) as {
      resources: Array<{ id: string; raw: unknown }>;
      notes: string[];
    };
    expect(r.resources[0]).toMatchObject({ id: "x1", raw: { extra: { a: 1 } } });
    expect(r.notes).toContain("x1 lists no hourly price");
    h.double.fault({
      path: gpuPath("gpu-deployments"),
      status: 200,
      body: { status: "failed", message: "quota" },
      times: 1,
    });
    const err = await failure(h.run("theta.gpu.deployments.list"));
    expect(err.message).toMatch(/quota/);
  });
});

describe("project billing", () => {
  it("usage: daily breakdown by category whose total equals the double's rows; ranges over 366 days are refused", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = (await h.run("theta.billing.usage", { days: 90 })) as {
      totalUsd: number;
      categories: string[];
      days: unknown[];
      reportedTotalUsd: number;
    };
    const expected = usageHistory(today).reduce((a, x) => a + x.amount_usd, 0);
    expect(r.totalUsd).toBeCloseTo(expected, 4);
    expect(r.reportedTotalUsd).toBeCloseTo(expected, 4);
    expect(r.days).toHaveLength(90);
    expect(r.categories.length).toBeGreaterThanOrEqual(4);
    const req = h.double.requests.at(-1)!;
    expect(req.query.end_date).toBe(today);
    const err = await failure(
      h.run("theta.billing.usage", { startDate: "2025-01-01", endDate: "2026-01-02" }),
    );
    expect(err.message).toMatch(/367 days; at most 366/);
    expect(h.double.requests).toHaveLength(1);
  });

  it("top-ups page through with number ≤ 100; pricing is shown whole", async () => {
    const t = (await h.run("theta.billing.topUps", { page: 3, number: 20 })) as {
      topUps: unknown[];
      total: number;
    };
    expect(t.topUps).toHaveLength(5);
    expect(t.total).toBe(45);
    expect((await failure(h.run("theta.billing.topUps", { number: 101 }))).code).toBe("INVALID_INPUT");
    const p = (await h.run("theta.billing.pricing")) as { prices: Array<{ item: string; price: string }> };
    expect(p.prices).toContainEqual({ item: "on_demand_inference.flux.price_usd", price: "0.0035" });
  });

  it("balance without an org id comes from the project's billing/balance", async () => {
    h.double.setBalance(77.5);
    const rt = h.runtimeWith({ THETA_ORG_ID: undefined });
    const r = await runOperation(rt, "theta.billing.balance", {});
    expect(r).toMatchObject({ kind: "result", result: { balance: 77.5, source: "project" } });
    expect(h.double.count("GET", gpuPath("billing/balance"))).toBe(1);
  });
});
