import { afterEach, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/core/store/index.js";
import { withLease } from "../../src/jobs/lease.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";
import { countedStore } from "./counted-store.js";

/** A lease makes one worker the only one delivering a job; these are the promises workers rely on. */
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function storeOf(): Promise<StateStore> {
  const o = await openEmbedded();
  opened.push(o);
  return o.store;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("withLease", () => {
  it("runs the work and returns its value; a second taker meanwhile is refused; afterwards the key is free", async () => {
    const store = await storeOf();
    let inside: { held: boolean } | undefined;
    const r = await withLease(store, "lease:a", async () => {
      inside = await withLease(store, "lease:a", async () => "never");
      return 42;
    });
    expect(r).toEqual({ held: true, value: 42 });
    expect(inside).toEqual({ held: false });
    expect(await store.get("lease:a")).toBeNull();
    expect(await withLease(store, "lease:a", async () => "again")).toEqual({ held: true, value: "again" });
  });

  it("is released when the work throws", async () => {
    const store = await storeOf();
    await expect(
      withLease(store, "lease:b", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store.get("lease:b")).toBeNull();
  });

  it("a live holder keeps renewing past the TTL, so nobody else takes over a slow job", async () => {
    const store = await storeOf();
    let stolen: { held: boolean } | undefined;
    await withLease(
      store,
      "lease:c",
      async () => {
        await sleep(1500);
        stolen = await withLease(store, "lease:c", async () => "stolen");
      },
      900,
    );
    expect(stolen).toEqual({ held: false });
  });

  it("each renewal is one command on the store (an expiry pushed back), nothing read or compared", async () => {
    const { store: counted, calls: recorded } = countedStore(await storeOf());
    await withLease(
      counted,
      "lease:r",
      () => sleep(1100),
      900,
      () => true,
    );
    // Taken once, renewed every 300 ms for 1.1 s, left to lapse (settled): no read, no compare-and-set.
    const calls = recorded.map(([name]) => name);
    expect(calls[0]).toBe("setIfAbsent");
    expect(calls.slice(1).length).toBeGreaterThanOrEqual(3);
    expect(new Set(calls.slice(1))).toEqual(new Set(["expire"]));
  });

  it("a dead holder's lease lapses after its TTL", async () => {
    const store = await storeOf();
    await store.setIfAbsent("lease:d", "someone-dead", 200);
    expect(await withLease(store, "lease:d", async () => 1)).toEqual({ held: false });
    await sleep(300);
    expect(await withLease(store, "lease:d", async () => 2)).toEqual({ held: true, value: 2 });
  });

  it("a holder whose lease was taken over does not release the new holder's lease", async () => {
    const store = await storeOf();
    let releaseB!: () => void;
    let bDone: Promise<unknown> | undefined;
    await withLease(store, "lease:e", async () => {
      await store.delete("lease:e");
      bDone = withLease(store, "lease:e", () => new Promise<void>((r) => (releaseB = r)));
      await sleep(20);
    });
    expect(await store.get("lease:e")).not.toBeNull();
    expect(await withLease(store, "lease:e", async () => "third")).toEqual({ held: false });
    releaseB();
    await bDone;
    expect(await store.get("lease:e")).toBeNull();
  });

  it("work that settled for good keeps the lease until it lapses; unsettled work releases it", async () => {
    const store = await storeOf();
    const settled = (v: string) => v === "delivered";
    expect(await withLease(store, "lease:f", async () => "delivered", 1000, settled)).toEqual({
      held: true,
      value: "delivered",
    });
    // Left to lapse: a second run is refused until the TTL has passed, then takes it.
    expect(await withLease(store, "lease:f", async () => "again")).toEqual({ held: false });
    await sleep(1200);
    expect(await withLease(store, "lease:f", async () => "again")).toEqual({ held: true, value: "again" });
    expect(await withLease(store, "lease:g", async () => "posted", 300, settled)).toEqual({
      held: true,
      value: "posted",
    });
    expect(await store.get("lease:g")).toBeNull();
  });

  it("is released when the work throws, even if a settled check is given", async () => {
    const store = await storeOf();
    await expect(
      withLease(
        store,
        "lease:h",
        async () => {
          throw new Error("boom");
        },
        5000,
        () => true,
      ),
    ).rejects.toThrow("boom");
    expect(await store.get("lease:h")).toBeNull();
  });
});
