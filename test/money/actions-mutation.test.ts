import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ActionService, type PaidRequest } from "../../src/core/chat/actions.js";
import { tenantOf } from "../../src/core/chat/caller.js";
import type { BotError } from "../../src/core/errors.js";
import { activeJobs, reserve } from "../../src/core/policy/index.js";
import type { JobService } from "../../src/jobs/service.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { imagine, type MoneyStack, member, startMoney, until } from "./harness.js";

/** Quote → confirm → charge as a member meets it: cards, refusals, counters and job slots. */
let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 30, processingMs: 60 }, warmup: [] });
});
afterAll(() => double.close());

let m: MoneyStack;
afterEach(async () => {
  await m?.close();
  double.reset();
});

const T0 = Date.parse("2025-06-01T12:00:00Z");
const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e as BotError,
  );
const POSTS = () => double.count("POST", "/ondemand/infer_request/flux");

async function quoted(mm: MoneyStack, req: PaidRequest = imagine(), who = member()) {
  const o = await mm.actions.propose(who, req);
  if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
  return o.card;
}

describe("propose", () => {
  it("quotes privately: the card names the requester, the price and a two-minute expiry, and nothing is charged", async () => {
    let now = T0;
    m = await startMoney(double, { now: () => now });
    const req = { ...imagine("quoted fox"), details: [{ name: "Model", value: "flux" }] };
    const card = await quoted(m, req);
    expect(card).toMatchObject({
      title: "Image: quoted fox",
      details: [{ name: "Model", value: "flux" }],
      quote: { amount: 0.01, currency: "USD" },
      expiresAt: T0 + 120_000,
      requesterId: "u1",
    });
    expect(card.actionId.length).toBeGreaterThanOrEqual(12);
    expect(await m.spent()).toBe(0);
    expect(POSTS()).toBe(0);
    // The confirmation is good up to the expiry itself.
    now = T0 + 120_000;
    expect((await m.actions.confirm(card.actionId, member())).kind).toBe("started");
  });

  it("every quote gets its own id", async () => {
    m = await startMoney(double);
    const a = await quoted(m);
    const b = await quoted(m);
    expect(a.actionId).not.toBe(b.actionId);
  });

  it("a member without a spender role is refused before any quote", async () => {
    m = await startMoney(double);
    await m.setPolicy({ spenderRoleIds: ["r-spend"] });
    const err = await fail(m.actions.propose({ ...member(), isAdmin: false }, imagine()));
    expect(err.code).toBe("permission_denied");
    expect(err.message).toContain("the Manage Server permission");
    expect(await m.store.keys("action:")).toEqual([]);
  });

  it("a quote already over the day's cap is refused at once, with no card", async () => {
    m = await startMoney(double);
    await m.setPolicy({ userDailyCapUsd: 0.005 });
    const err = await fail(m.actions.propose(member(), imagine()));
    expect(err.code).toBe("budget_exceeded");
    expect(err.message).toContain("this costs $0.01");
    expect(await m.store.keys("action:")).toEqual([]);
  });

  it("under the auto-approve threshold the job starts without a card and is charged once", async () => {
    m = await startMoney(double);
    await m.setPolicy({ confirmThresholdUsd: 0.05 });
    const o = await m.actions.propose(member(), imagine("auto fox"));
    expect(o).toMatchObject({ kind: "started", created: true, title: "Image: auto fox" });
    if (o.kind !== "started") throw new Error("expected a start");
    expect(o.jobId).toMatch(/^job-auto-[0-9a-f]{12}$/);
    expect(o.quote).toMatchObject({ amount: 0.01, currency: "USD" });
    expect(await m.spent()).toBe(0.01);
    await until(() => m.sink.results.length === 1);
    expect(POSTS()).toBe(1);
  });

  it("when the price cannot be looked up the member is still asked, with no price, and the job starts uncharged", async () => {
    m = await startMoney(double);
    // The shared service list fails with a plain error (a connection reset while reading it).
    const rt = {
      ...m.rt,
      discover: async () => {
        throw new Error("socket hang up");
      },
    };
    const actions = new ActionService(rt, m.store, m.service);
    await m.setPolicy({ confirmThresholdUsd: 5 });
    const o = await actions.propose(member(), imagine("no price"));
    // An unknown price is never auto-approved, whatever the threshold.
    if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
    expect(o.card.quote).toBeUndefined();
    expect(o.card.title).toBe("Image: no price");
    expect(await m.spent()).toBe(0);
    const r = await actions.confirm(o.card.actionId, member());
    expect(r).toMatchObject({ kind: "started", created: true, quote: undefined });
    if (r.kind !== "started") throw new Error("expected a start");
    expect((await m.deps.ledger.get(r.jobId))?.data).toMatchObject({ reservedUsd: 0 });
  });

  it("in dry-run mode it previews the request and sends and charges nothing", async () => {
    m = await startMoney(double, { env: { THETA_DRY_RUN: "1" } });
    const o = await m.actions.propose(member(), imagine("dry fox"));
    expect(o.kind).toBe("preview");
    if (o.kind !== "preview") throw new Error("expected a preview");
    expect(o.card.title).toBe("Image: dry fox");
    expect(o.card.note).toBe(
      "Dry run (THETA_DRY_RUN): this is the request the bot would send. Nothing was sent or charged.",
    );
    expect(JSON.stringify(o.card.request)).toContain("/infer_request/flux");
    expect(o.card.quote).toMatchObject({ amount: 0.01 });
    expect(POSTS()).toBe(0);
    expect(await m.spent()).toBe(0);
  });
});

describe("confirm and cancel", () => {
  it("an unknown or swept action has expired", async () => {
    m = await startMoney(double);
    const err = await fail(m.actions.confirm("no-such-action", member()));
    expect(err.code).toBe("action_expired");
    expect(err.message).toBe("This confirmation has expired. Run the command again.");
    await expect(m.actions.cancel("no-such-action", member())).rejects.toMatchObject({
      code: "action_expired",
    });
  });

  it("after two minutes the quote expires: nothing runs and nothing is charged", async () => {
    let now = T0;
    m = await startMoney(double, { now: () => now });
    const card = await quoted(m);
    now = T0 + 120_001;
    const err = await fail(m.actions.confirm(card.actionId, member()));
    expect(err.code).toBe("action_expired");
    expect(err.message).toBe(
      "This confirmation expired after 2 minutes; nothing was charged. Run the command again.",
    );
    expect(await m.spent()).toBe(0);
    expect(POSTS()).toBe(0);
  });

  it("the quote is kept long enough to tell a late click it expired", async () => {
    m = await startMoney(double);
    const card = await quoted(m);
    const ttl = await m.store.ttlMs(`action:${card.actionId}`);
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
  });

  it("the same member id in another server or on another platform is not the requester", async () => {
    m = await startMoney(double);
    const card = await quoted(m);
    for (const other of [member("u1", "g2"), { ...member(), platform: "slack" as const }]) {
      const err = await fail(m.actions.confirm(card.actionId, other));
      expect(err.code).toBe("not_requester");
      expect(err.message).toBe("Only the person who asked can confirm or cancel this.");
      await expect(m.actions.cancel(card.actionId, other)).rejects.toMatchObject({ code: "not_requester" });
    }
    expect((await m.actions.confirm(card.actionId, member())).kind).toBe("started");
  });

  it("a cap lowered after the quote is enforced at confirm, and the click is spent", async () => {
    m = await startMoney(double);
    const card = await quoted(m);
    await m.setPolicy({ tenantDailyCapUsd: 0.005 });
    const err = await fail(m.actions.confirm(card.actionId, member()));
    expect(err.code).toBe("budget_exceeded");
    expect(await m.spent()).toBe(0);
    expect(POSTS()).toBe(0);
  });

  it("a confirm counts the spend the member made meanwhile", async () => {
    m = await startMoney(double);
    await m.setPolicy({ userDailyCapUsd: 0.015 });
    const card = await quoted(m);
    await reserve(m.store, tenantOf(member()), "u1", 0.01);
    const err = await fail(m.actions.confirm(card.actionId, member()));
    expect(err.code).toBe("budget_exceeded");
    expect(await m.spent(member(), true)).toBe(0.01);
  });

  it("cancel marks the quote used: a later confirm is told it was cancelled, and a late cancel expires with it", async () => {
    m = await startMoney(double);
    const card = await quoted(m);
    await m.actions.cancel(card.actionId, member());
    expect((await fail(m.actions.cancel(card.actionId, member()))).message).toBe(
      "This was already cancelled.",
    );
    const ttl = await m.store.ttlMs(`action:${card.actionId}`);
    expect(ttl).toBeLessThanOrEqual(2 * 60_000);
    expect(ttl).toBeGreaterThan(60_000);
    expect(await m.spent()).toBe(0);
  });
});

describe("execute", () => {
  it("the member's job limit is checked at confirm: refused, nothing reserved, the quote used", async () => {
    m = await startMoney(double);
    await m.setPolicy({ maxConcurrentJobsPerUser: 1 });
    const a = await quoted(m, imagine("slot a"));
    const b = await quoted(m, imagine("slot b"));
    const started = await m.actions.confirm(a.actionId, member());
    const err = await fail(m.actions.confirm(b.actionId, member()));
    expect(err.code).toBe("too_many_jobs");
    expect(await m.spent()).toBe(0.01);
    if (started.kind !== "started") throw new Error("expected a start");
    expect(await activeJobs(m.store, tenantOf(member()), "u1")).toEqual([started.jobId]);
  });

  it("a job that cannot be queued gives the slot and the reservation back, and says why", async () => {
    m = await startMoney(double);
    const jobs = {
      submit: async () => {
        throw new Error("queue is down");
      },
    } as unknown as JobService;
    const actions = new ActionService(m.rt, m.store, jobs);
    const o = await actions.propose(member(), imagine("never queued"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    await expect(actions.confirm(o.card.actionId, member())).rejects.toThrow("queue is down");
    expect(await m.spent()).toBe(0);
    expect(await m.spent(member(), true)).toBe(0);
    expect(await activeJobs(m.store, tenantOf(member()), "u1")).toEqual([]);
  });

  it("an action whose job already exists is not charged a second time", async () => {
    m = await startMoney(double);
    const submitted: unknown[] = [];
    const jobs = {
      submit: async (spec: unknown) => {
        submitted.push(spec);
        return { created: false };
      },
    } as unknown as JobService;
    const actions = new ActionService(m.rt, m.store, jobs);
    const o = await actions.propose(member(), imagine("already there"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    const r = await actions.confirm(o.card.actionId, member());
    expect(r).toMatchObject({ kind: "started", created: false, jobId: `job-${o.card.actionId}` });
    expect(await m.spent()).toBe(0);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({
      id: `job-${o.card.actionId}`,
      kind: "ondemand",
      title: "Image: already there",
      service: "flux",
      origin: { platform: "discord", tenantId: "g1", userId: "u1", channelId: "c1" },
      data: { service: "flux", reservedUsd: 0.01 },
    });
  });

  it("the job carries the reserved amount and day, so it settles against the right day", async () => {
    m = await startMoney(double);
    const card = await quoted(m);
    const r = await m.actions.confirm(card.actionId, member());
    if (r.kind !== "started") throw new Error("expected a start");
    const e = await m.deps.ledger.get(r.jobId);
    expect(e?.data).toMatchObject({ reservedUsd: 0.01, reservedDay: new Date().toISOString().slice(0, 10) });
    await until(() => m.sink.results.length === 1);
    expect(await m.spent()).toBe(0.01);
  });
});

describe("refusals and slots, precisely", () => {
  it("every refusal of a click is a usage error the member can act on", async () => {
    let now = T0;
    m = await startMoney(double, { now: () => now });
    const card = await quoted(m);
    expect((await fail(m.actions.confirm("gone", member()))).family).toBe("usage");
    expect((await fail(m.actions.confirm(card.actionId, member("u2")))).family).toBe("usage");
    await m.actions.confirm(card.actionId, member());
    const used = await fail(m.actions.confirm(card.actionId, member()));
    expect([used.code, used.family]).toEqual(["action_used", "usage"]);
    const late = await quoted(m);
    now = T0 + 121_000;
    const expired = await fail(m.actions.confirm(late.actionId, member()));
    expect([expired.code, expired.family]).toEqual(["action_expired", "usage"]);
  });

  it("a confirmed quote is remembered for 10 minutes, so a late second click is told it was used", async () => {
    m = await startMoney(double);
    const card = await quoted(m);
    await m.store.expire(`action:${card.actionId}`, 30_000);
    await m.actions.confirm(card.actionId, member());
    const ttl = await m.store.ttlMs(`action:${card.actionId}`);
    expect(ttl).toBeGreaterThan(9 * 60_000);
  });

  it("two confirms racing for the last of the cap: the refused one gives its job slot back", async () => {
    m = await startMoney(double);
    const a = await quoted(m, imagine("race a"));
    const b = await quoted(m, imagine("race b"));
    await m.setPolicy({ tenantDailyCapUsd: 0.015, maxConcurrentJobsPerUser: 3 });
    const results = await Promise.allSettled([
      m.actions.confirm(a.actionId, member()),
      m.actions.confirm(b.actionId, member()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await activeJobs(m.store, tenantOf(member()), "u1")).toHaveLength(1);
    expect(await m.spent()).toBe(0.01);
  });

  it("a failure to queue never frees a slot this call did not take (the job already running holds it)", async () => {
    m = await startMoney(double);
    const jobs = {
      submit: async () => {
        throw new Error("queue is down");
      },
    } as unknown as JobService;
    const actions = new ActionService(m.rt, m.store, jobs);
    const o = await actions.propose(member(), imagine("held"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    const jobId = `job-${o.card.actionId}`;
    const { acquireJobSlot } = await import("../../src/core/policy/index.js");
    await acquireJobSlot(m.store, { maxConcurrentJobsPerUser: 3 }, tenantOf(member()), "u1", jobId);
    await expect(actions.confirm(o.card.actionId, member())).rejects.toThrow("queue is down");
    expect(await activeJobs(m.store, tenantOf(member()), "u1")).toEqual([jobId]);
  });
});
