// @ts-nocheck
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BotError } from "../../src/core/errors.js";
import { reserve } from "../../src/core/policy/index.js";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import { createThetaDouble, type FaultSpec, type ThetaDouble } from "../doubles/theta/index.js";
import { type MoneyStack, member, startMoney } from "./harness.js";

let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 30, processingMs: 60 }, warmup: [] });
});
afterAll(() => double.close());

const origin: JobOrigin = { platform: "discord", tenantId: "g1", userId: "u1", channelId: "c1" };
const tenant = { platform: "discord" as const, id: "g1" };
const POST = { method: "POST", path: "/ondemand/infer_request/flux", times: 1 };
const html = (status: number, body: string): FaultSpec => ({
  ...POST,
  status,
  body,
  headers: { "content-type": "text/html; charset=utf-8" },
});

/** Reserves $0.01 as a confirm does, runs one flux job, and returns its end and the day's spend. */
async function runPaidJob(m: MoneyStack, id: string) {
  const r = await reserve(m.store, tenant, "u1", 0.01);
  await m.service.submit({
    id,
    kind: "ondemand",
    title: "a paid image",
    origin,
    service: "flux",
    data: { service: "flux", input: { prompt: id }, reservedUsd: 0.01, reservedDay: r.day },
  });
  const final = await m.service.waitFor(id);
  const posted = m.sink.results.find((x) => x.jobId === id);
  return { final, posted, spent: await m.spent() };
}

describe("a paid POST whose answer does not prove a refusal is ambiguous: not retried, not refunded", () => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  const cases: Array<[string, FaultSpec]> = [
    ["a 502 HTML page", html(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")],
    ["a 500 error envelope", { ...POST, status: 500, envelope: "string" }],
    ["truncated JSON", { ...POST, malformed: true }],
    ["an empty 200", { ...POST, status: 200 }],
    ["an HTML 200", html(200, "<html><body>Welcome</body></html>")],
    ["a 200 error envelope", { ...POST, status: 200, body: { status: "error", message: "worker crashed" } }],
    [
      "a null request id",
      {
        ...POST,
        status: 200,
        body: { status: "success", body: { infer_requests: [{ id: null, state: "pending" }] } },
      },
    ],
    ["a redirect", { ...POST, status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" } }],
  ];

  it.each(cases)("%s", async (name, fault) => {
    m = await startMoney(double);
    double.fault(fault);
    const { final, posted, spent } = await runPaidJob(m, `amb-${name.replace(/\W+/g, "-")}`);
    expect(final.state).toBe("ambiguous");
    expect(final.error?.code).toBe("ambiguous_submission");
    expect(posted?.result.error?.message).toMatch(/may have been accepted by Theta/);
    expect(posted?.result.error?.message).toMatch(/stays counted against today's budget/);
    expect(posted?.result.error?.message).not.toMatch(/nothing was charged/i);
    expect(spent).toBe(0.01);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });
});

describe("a paid POST that Theta provably refused is failed, says nothing was charged, and is refunded", () => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  const cases: Array<[string, FaultSpec]> = [
    ["400 validation", { ...POST, status: 400, body: "input.prompt is required" }],
    ["401 auth", { ...POST, status: 401, envelope: "object" }],
    ["403 not allowed", { ...POST, status: 403 }],
    ["422 unprocessable", { ...POST, status: 422, body: "width must be a multiple of 8" }],
  ];

  it.each(cases)("%s", async (name, fault) => {
    m = await startMoney(double);
    double.fault(fault);
    const { final, posted, spent } = await runPaidJob(m, `ref-${name.replace(/\W+/g, "-")}`);
    expect(final.state).toBe("failed");
    expect(posted?.result.error?.message).toMatch(/Nothing was charged/);
    expect(spent).toBe(0);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a connection refused before anything was sent", async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    m = await startMoney(double, {
      env: {
        THETA_ONDEMAND_API_BASE_URL: `http://127.0.0.1:${closed}/ondemand`,
        THETA_HTTP_MAX_RETRIES: "0",
      },
    });
    const { final, posted, spent } = await runPaidJob(m, "refused-connection");
    expect(final.state).toBe("failed");
    expect(final.error?.code).toBe("theta_network_error");
    expect(posted?.result.error?.message).toMatch(/Nothing was charged/);
    expect(spent).toBe(0);
  });
});

describe("the submitting claim", () => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  it("no chat card is edited while a job is claimed but not yet sent (a crash there would look ambiguous)", async () => {
    m = await startMoney(double);
    const seen: string[] = [];
    const post = m.sink.postProgress.bind(m.sink);
    m.sink.postProgress = async (o, card) => {
      seen.push((await m.deps.ledger.get(card.jobId))?.state ?? "missing");
      return post(o, card);
    };
    const { final } = await runPaidJob(m, "claim-window");
    expect(final.state).toBe("delivered");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain("submitting");
  });
});

describe("a paid call answered inline (deployments.create) follows the same rule", () => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  const create = () => ({
    title: "Deployment on vm_gt1",
    details: [],
    operation: "theta.deployments.create",
    input: { deployment_template_id: "img_qqu31asazaig666jtzp7gjd4pway", vm_id: "vm_gt1" },
  });

  async function confirmed(mm: MoneyStack) {
    const o = await mm.actions.propose(member(), create());
    if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
    const amount = o.card.quote?.amount ?? 0;
    expect(amount).toBeGreaterThan(0);
    const err = await mm.actions.confirm(o.card.actionId, member()).catch((e: unknown) => e);
    return { err: err as BotError, amount };
  }

  it("a 502 after the POST keeps the reservation and says so", async () => {
    m = await startMoney(double);
    double.fault({
      method: "POST",
      path: "/controller/deployment",
      status: 502,
      body: "<html>bad gateway</html>",
    });
    const { err, amount } = await confirmed(m);
    expect(err.code).toBe("ambiguous_submission");
    expect(err.message).toMatch(/may have been accepted by Theta/);
    expect(err.message).toMatch(/stays counted against today's budget/);
    expect(await m.spent()).toBe(amount);
    expect(double.count("POST", "/controller/deployment")).toBe(1);
  });

  it("a 400 refusal is refunded", async () => {
    m = await startMoney(double);
    double.fault({
      method: "POST",
      path: "/controller/deployment",
      status: 400,
      body: "vm_id is not available",
    });
    const { err } = await confirmed(m);
    expect(err.code).toBe("theta_bad_request");
    expect(await m.spent()).toBe(0);
  });
});
