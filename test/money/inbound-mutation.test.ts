import { afterEach, describe, expect, it, vi } from "vitest";
import { claimInbound, INBOUND_SEEN_TTL_MS, INTAKE_UNAVAILABLE } from "../../src/core/chat/inbound.js";
import { BotError } from "../../src/core/errors.js";
import type { StateStore } from "../../src/core/store/index.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/** Inbound de-duplication: first delivery runs, a repeat does not, and a store outage is said plainly. */
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function storeOf() {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}

describe("claimInbound", () => {
  it("the first delivery of an id is claimed for 15 minutes; a repeat is not; another id is", async () => {
    const store = await storeOf();
    expect(await claimInbound(store, "discord:1")).toBe(true);
    expect(await claimInbound(store, "discord:1")).toBe(false);
    expect(await claimInbound(store, "discord:2")).toBe(true);
    expect(await claimInbound(store, "slack:1")).toBe(true);
    const ttl = await store.ttlMs("seen:discord:1");
    expect(INBOUND_SEEN_TTL_MS).toBe(15 * 60 * 1000);
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
  });

  it("a store that fails: intake_unavailable, saying nothing ran and nothing was charged", async () => {
    const inner = await storeOf();
    const broken: StateStore = Object.assign(Object.create(inner), {
      setIfAbsent: async () => {
        throw new Error("ECONNREFUSED");
      },
    });
    const err = (await claimInbound(broken, "discord:3").catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe("intake_unavailable");
    expect(err.family).toBe("runtime");
    expect(err.retriable).toBe(true);
    expect(err.message).toBe(INTAKE_UNAVAILABLE);
    expect(INTAKE_UNAVAILABLE).toBe(
      "The bot's storage is unavailable right now, so this was not run and nothing was charged. Try again in a moment.",
    );
    expect((err.cause as Error).message).toBe("ECONNREFUSED");
  });

  it("a store that does not answer in time: the same answer, without waiting for it", async () => {
    const inner = await storeOf();
    const hung: StateStore = Object.assign(Object.create(inner), {
      setIfAbsent: () => new Promise<boolean>(() => {}),
    });
    const err = (await claimInbound(hung, "slack:9", 50).catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe("intake_unavailable");
    expect(err.cause).toBeUndefined();
  });

  it("a store error of any other kind is reported as the intake being unavailable", async () => {
    const inner = await storeOf();
    const other = new BotError({ code: "store_unavailable", family: "runtime", message: "Redis is down." });
    const broken: StateStore = Object.assign(Object.create(inner), {
      setIfAbsent: async () => {
        throw other;
      },
    });
    const err = (await claimInbound(broken, "discord:4").catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe("intake_unavailable");
    expect(err.message).toBe(INTAKE_UNAVAILABLE);
    expect(err.cause).toBe(other);
  });

  it("leaves no timer behind once the claim is answered (a bot can shut down at once)", async () => {
    const store = await storeOf();
    vi.useFakeTimers();
    try {
      expect(await claimInbound(store, "discord:5")).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
