// @ts-nocheck
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Outcome } from "../../src/core/chat/actions.js";
import { ActionService } from "../../src/core/chat/actions.js";
import { BotError } from "../../src/core/errors.js";
import type { JobService } from "../../src/jobs/service.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { imagine, type MoneyStack, member, startMoney } from "./harness.js";

let double: ThetaDouble;
beforeAll(async () => {
  // Slow enough that every job is still running while the test looks at the day's counters.
  double = await createThetaDouble({ inferTiming: { pendingMs: 3000, processingMs: 3000 }, warmup: [] });
});
afterAll(() => double.close());

const settled = (ps: Array<Promise<Outcome>>) => Promise.allSettled(ps);
const codeOf = (r: PromiseSettledResult<Outcome>) =>
  r.status === "rejected" ? (r.reason as BotError).code : r.value.kind;

async function confirmCardId(m: MoneyStack, prompt: string, who = member()): Promise<string> {
  const o = await m.actions.propose(who, imagine(prompt));
  if (o.kind !== "confirm") throw new Error(`expected a quote, got ${o.kind}`);
  expect(o.card.quote?.amount).toBe(0.01);
  return o.card.actionId;
}

describe.each([
  ["embedded", false],
  ["redis", true],
])("daily caps on the %s store", (_n, redis) => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  it("two concurrent $0.01 confirms under a $0.015 cap: one starts, one is refused, and the day reads $0.01", async () => {
    m = await startMoney(double, { redis });
    await m.setPolicy({ tenantDailyCapUsd: 0.015 });
    const a = await confirmCardId(m, "one");
    const b = await confirmCardId(m, "two");
    const results = await settled([m.actions.confirm(a, member()), m.actions.confirm(b, member())]);
    expect(results.map(codeOf).sort()).toEqual(["budget_exceeded", "started"]);
    expect(await m.spent()).toBe(0.01);
    expect(await m.spent(member(), true)).toBe(0.01);
    // A third image must not fit: $0.01 + $0.01 > $0.015.
    const third = await m.actions.propose(member(), imagine("three")).catch((e: unknown) => e);
    expect((third as BotError).code).toBe("budget_exceeded");
    expect((third as BotError).message).toMatch(/\$0\.01 spent today of the \$0\.015 cap/);
  });

  it("many members racing for the last of a cap never pass it", async () => {
    m = await startMoney(double, { redis });
    await m.setPolicy({ tenantDailyCapUsd: 0.035 });
    const who = ["u1", "u2", "u3", "u4", "u5", "u6"].map((u) => member(u));
    const ids = await Promise.all(who.map((w, n) => confirmCardId(m, `racer ${n}`, w)));
    const results = await settled(ids.map((id, n) => m.actions.confirm(id, who[n]!)));
    const started = results.filter((r) => codeOf(r) === "started").length;
    expect(started).toBe(3);
    expect(await m.spent()).toBe(0.03);
  });
});

describe("refunds land on the reservation's day", () => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  it("a job that cannot be queued after midnight refunds the day it was reserved, not the new day", async () => {
    m = await startMoney(double);
    const failing = {
      submit: async () => {
        throw new BotError({
          code: "queue_unavailable",
          family: "jobs",
          message: "The job queue is unavailable.",
        });
      },
    } as unknown as JobService;
    // The service's clock says "tomorrow"; the reservation itself is taken on today's date.
    const actions = new ActionService(m.rt, m.store, failing, () => Date.now() + 24 * 3600_000);
    const o = await actions.propose(member(), imagine("late"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    const err = await actions.confirm(o.card.actionId, member()).catch((e: unknown) => e);
    expect((err as BotError).code).toBe("queue_unavailable");
    expect(await m.spent()).toBe(0);
    expect(await m.spent(member(), true)).toBe(0);
  });
});
