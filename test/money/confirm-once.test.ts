import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BotError } from "../../src/core/errors.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { imagine, type MoneyStack, member, startMoney, until } from "./harness.js";

let double: ThetaDouble;
beforeAll(async () => {
  double = await createThetaDouble({ inferTiming: { pendingMs: 30, processingMs: 60 }, warmup: [] });
});
afterAll(() => double.close());

describe.each([
  ["embedded", false],
  ["redis", true],
])("a confirmation is single-use on the %s store", (_n, redis) => {
  let m: MoneyStack;
  afterEach(async () => {
    await m?.close();
    double.reset();
  });

  it("five simultaneous confirms of one action: one job, one charge, the others told it was already confirmed", async () => {
    m = await startMoney(double, { redis });
    const o = await m.actions.propose(member(), imagine("clicked five times"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => m.actions.confirm(o.card.actionId, member())),
    );
    const started = results.filter((r) => r.status === "fulfilled" && r.value.kind === "started");
    expect(started).toHaveLength(1);
    const refused = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason as BotError);
    expect(refused).toHaveLength(4);
    for (const e of refused) {
      expect(e.code).toBe("action_used");
      expect(e.message).toMatch(/already confirmed/);
      // A usage error: the member is told plainly, nothing is reported as a fault.
      expect(e.family).toBe("usage");
    }
    expect(await m.spent()).toBe(0.01);
    await until(() => m.sink.results.length === 1);
    expect(double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a confirmed action cannot be cancelled or confirmed again, and a cancelled one cannot be confirmed", async () => {
    m = await startMoney(double, { redis });
    const a = await m.actions.propose(member(), imagine("once"));
    const b = await m.actions.propose(member(), imagine("never"));
    if (a.kind !== "confirm" || b.kind !== "confirm") throw new Error("expected quotes");
    expect((await m.actions.confirm(a.card.actionId, member())).kind).toBe("started");
    const again = await m.actions.confirm(a.card.actionId, member()).catch((e: BotError) => e);
    expect((again as BotError).message).toBe("This was already confirmed.");
    await m.actions.cancel(b.card.actionId, member());
    const late = await m.actions.confirm(b.card.actionId, member()).catch((e: BotError) => e);
    expect((late as BotError).message).toBe("This was already cancelled.");
    expect(await m.spent()).toBe(0.01);
  });

  it("only the requester confirms, and nothing is charged for someone else's click", async () => {
    m = await startMoney(double, { redis });
    const o = await m.actions.propose(member("u1"), imagine("mine"));
    if (o.kind !== "confirm") throw new Error("expected a quote");
    const err = await m.actions.confirm(o.card.actionId, member("u2")).catch((e: BotError) => e);
    expect((err as BotError).code).toBe("not_requester");
    expect(await m.spent()).toBe(0);
    expect((await m.actions.confirm(o.card.actionId, member("u1"))).kind).toBe("started");
  });
});
