import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ActionService, type PaidRequest } from "../../src/core/chat/actions.js";
import { tenantOf } from "../../src/core/chat/caller.js";
import type { BotError } from "../../src/core/errors.js";
import type { JobSubmitter } from "../../src/core/job-record.js";
import {
  acquireJobSlot,
  activeJobs,
  TenantCredentialProvider,
  TenantCredentialStore,
} from "../../src/core/policy/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { imagine, type MoneyStack, member, startMoney } from "./harness.js";

/**
 * Paid work that runs inline (no job: the answer comes back in the reply), what a member is told
 * when Theta's answer to such a call cannot be read, and job slots held before a refused confirm.
 */
let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 0, processingMs: 0 }, warmup: [] });
});
afterAll(() => double.close());

let m: MoneyStack;
afterEach(async () => {
  await m?.close();
  double.reset();
});

const POST = { method: "POST", path: "/ondemand/infer_request/flux", times: 1 };
const inline = (prompt: string): PaidRequest => ({ ...imagine(prompt), job: undefined });
const chat = (text: string): PaidRequest => ({
  title: `Chat: ${text}`,
  details: [],
  operation: "theta.ondemand.chat",
  input: { service: "glm_5_3", messages: [{ role: "user", content: text }], max_tokens: 64 },
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e as BotError,
  );

async function confirmed(req: PaidRequest) {
  const o = await m.actions.propose(member(), req);
  if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
  return m.actions.confirm(o.card.actionId, member());
}

describe("inline paid work", () => {
  it("returns the operation's own result with the quote and title, and counts the charge once", async () => {
    m = await startMoney(double);
    const r = await confirmed(inline("inline fox"));
    expect(r.kind).toBe("done");
    if (r.kind !== "done") return;
    expect(r.title).toBe("Image: inline fox");
    expect(r.quote).toMatchObject({ amount: 0.01, currency: "USD" });
    // The result itself (Theta's request, finished), not the runner's wrapper around it.
    expect(r.result).not.toHaveProperty("kind");
    expect(JSON.stringify(r.result)).toContain("infr_");
    expect(await m.spent()).toBe(0.01);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("an unreadable answer keeps the charge and says so, quoting Theta's reason whole", async () => {
    m = await startMoney(double);
    double.fault({
      ...POST,
      status: 502,
      body: "<html>502 from edge.thetaedgecloud.com</html>",
      headers: { "content-type": "text/html" },
    });
    const err = await refusal(confirmed(inline("unreadable")));
    expect(err.code).toBe("ambiguous_submission");
    expect(err.message).toMatch(/^Image: unreadable: the request may have been accepted by Theta/);
    expect(err.message).toContain(
      "you are not charged twice; its $0.01 stays counted against today's budget",
    );
    expect(err.message).toContain("Check the Theta dashboard before retrying.");
    // The reason is Theta's message without its final full stop, dots inside it kept.
    const why = /\(([^)]*)\)\. It was not sent again/.exec(err.message)?.[1] ?? "";
    expect(why.length).toBeGreaterThan(0);
    expect(why.endsWith(".")).toBe(false);
    expect(why).toContain("502 from edge.thetaedgecloud.com");
    expect(await m.spent()).toBe(0.01);
  });

  it("a failure before anything was sent gives the reservation back and says what failed, not 'may have been accepted'", async () => {
    m = await startMoney(double);
    const o = await m.actions.propose(member(), inline("never sent"));
    if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
    // The server's keys cannot be read back from the store when the work starts: a plain error,
    // raised before any request left for Theta.
    m.rt.credentials = {
      ...m.rt.credentials,
      resolve: async () => {
        throw new Error("store read failed");
      },
    };
    const err = await refusal(m.actions.confirm(o.card.actionId, member()));
    expect(err.message).toBe("store read failed");
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(0);
    expect(await m.spent()).toBe(0);
  });

  it("a failure after the paid POST left keeps the reservation even when it is no Theta answer", async () => {
    m = await startMoney(double, { env: { THETA_HTTP_TIMEOUT_MS: "1000" } });
    double.fault({ ...POST, latencyMs: 3000 });
    const err = await refusal(confirmed(inline("slow")));
    expect(err.code).toBe("ambiguous_submission");
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    expect(await m.spent()).toBe(0.01);
  });

  it("an answer cut off after Theta said 200 is ambiguous: a runtime failure that says the bot could not read it", async () => {
    m = await startMoney(double, { env: { THETA_HTTP_TIMEOUT_MS: "1000" } });
    // Theta accepted the request (200) but the body stops short of its announced length.
    double.fault({
      ...POST,
      status: 200,
      body: Buffer.from('{"status":"success","body":{"infer_requests":[{"id":"infr_rqst_cut"'),
      headers: { "content-type": "application/json", "content-length": "4096" },
    });
    const err = await refusal(confirmed(inline("cut off")));
    expect(err.code).toBe("ambiguous_submission");
    expect(err.family).toBe("runtime");
    expect(err.message).toBe(
      "Image: cut off: the request may have been accepted by Theta, but no usable answer came back " +
        "(the bot could not read Theta's answer). It was not sent again, so you are not charged twice; " +
        "its $0.01 stays counted against today's budget. Check the Theta dashboard before retrying.",
    );
    expect(await m.spent()).toBe(0.01);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a price in raw token units is shown but never counted against a dollar cap", async () => {
    m = await startMoney(double);
    await m.setPolicy({ userDailyCapUsd: 0.000001, tenantDailyCapUsd: 0.000001 });
    const o = await m.actions.propose(member(), chat("hello"));
    // An unknown dollar price is always confirmed, and the card shows the units quote.
    if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
    expect(o.card.quote).toMatchObject({ currency: "units" });
    expect(o.card.quote?.amount).toBeGreaterThan(0.000001);
    const r = await m.actions.confirm(o.card.actionId, member());
    expect(r.kind).toBe("done");
    expect(await m.spent()).toBe(0);
    expect(await m.spent(member(), true)).toBe(0);
  });

  it("a price in raw token units is never auto-approved, whatever the auto-approval threshold", async () => {
    m = await startMoney(double);
    await m.setPolicy({ confirmThresholdUsd: 5 });
    const o = await m.actions.propose(member(), chat("auto?"));
    expect(o.kind).toBe("confirm");
    expect(double.count("POST", "/ondemand/infer_request/chat/completions")).toBe(0);
  });

  it("a call with no dollar price that may have been accepted does not talk about a charge", async () => {
    m = await startMoney(double);
    double.fault({
      method: "POST",
      path: "/ondemand/infer_request/chat/completions",
      times: 1,
      malformed: true,
    });
    const o = await m.actions.propose(member(), chat("unreadable"));
    if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
    const err = await refusal(m.actions.confirm(o.card.actionId, member()));
    expect(err.code).toBe("ambiguous_submission");
    expect(err.message).toContain(
      "It was not sent again, so you are not charged twice. Check the Theta dashboard",
    );
    expect(err.message).not.toContain("stays counted");
    // Theta's reason is quoted whole, only its final full stop dropped.
    expect(err.message).toContain(
      "(Theta sent a malformed JSON body for POST /infer_request/chat/completions). It was not sent again",
    );
  });
});

describe("job slots held before a refused confirm", () => {
  it("a confirm refused at the reservation keeps a slot it did not take", async () => {
    m = await startMoney(double);
    const cards = [];
    for (const p of ["held a", "held b", "held c"]) {
      const o = await m.actions.propose(member(), imagine(p));
      if (o.kind !== "confirm") throw new Error("expected a quote");
      cards.push(o.card);
    }
    const tenant = tenantOf(member());
    // The slots are already held under these jobs' ids (a run of the same job holds them).
    for (const c of cards)
      await acquireJobSlot(m.store, { maxConcurrentJobsPerUser: 5 }, tenant, "u1", `job-${c.actionId}`);
    await m.setPolicy({ tenantDailyCapUsd: 0.015, maxConcurrentJobsPerUser: 5 });
    const results = await Promise.allSettled(cards.map((c) => m.actions.confirm(c.actionId, member())));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await m.spent()).toBe(0.01);
    expect((await activeJobs(m.store, tenant, "u1")).sort()).toEqual(
      cards.map((c) => `job-${c.actionId}`).sort(),
    );
  });

  it("confirming again an action whose job already ended neither charges nor keeps a job slot", async () => {
    m = await startMoney(double);
    const o = await m.actions.propose(member(), imagine("ended"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    const jobId = `job-${o.card.actionId}`;
    const ended = { id: jobId, state: "delivered" };
    const running = { id: jobId, state: "submitted" };
    let entry: { id: string; state: string } = ended;
    const jobs = { submit: async () => ({ id: jobId, created: false, entry }) } as unknown as JobSubmitter;
    const actions = new ActionService(m.rt, m.store, jobs);
    const tenant = tenantOf(member());
    expect(await actions.confirm(o.card.actionId, member())).toMatchObject({
      kind: "started",
      created: false,
    });
    expect(await activeJobs(m.store, tenant, "u1")).toEqual([]);
    expect(await m.spent()).toBe(0);
    // Still running: the slot is the running job's, and stays.
    entry = running;
    const again = await actions.propose(member(), imagine("running"));
    if (again.kind !== "confirm") throw new Error("expected a quote");
    const runningId = `job-${again.card.actionId}`;
    entry = { ...running, id: runningId };
    await actions.confirm(again.card.actionId, member());
    expect(await activeJobs(m.store, tenant, "u1")).toEqual([runningId]);
    expect(await m.spent()).toBe(0);
  });

  it("inline paid work runs on the server's own Theta credentials, not the operator's", async () => {
    m = await startMoney(double, { env: { THETA_ONDEMAND_API_TOKEN: "operator-token-not-accepted" } });
    const stored = new TenantCredentialStore(m.store, randomBytes(32));
    await stored.set(tenantOf(member()), "ondemand", { token: double.env().THETA_ONDEMAND_API_TOKEN! });
    const rt = { ...m.rt, credentials: new TenantCredentialProvider(m.rt.config, stored) };
    const actions = new ActionService(rt, m.store, m.service);
    const o = await actions.propose(member(), inline("scoped"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    expect((await actions.confirm(o.card.actionId, member())).kind).toBe("done");
    const posts = double.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith("/infer_request/flux"),
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.authorization).toBe(`Bearer ${double.env().THETA_ONDEMAND_API_TOKEN}`);
  });
});
