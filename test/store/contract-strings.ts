import { describe, expect, it } from "vitest";
import type { StateStore } from "../../src/core/store/index.js";
import { expectBotError, sleep } from "./helpers.js";

/** Strings, expiry, set-if-absent and compare-and-set. `current()` is the store of the running test. */
export function stringContract(current: () => StateStore): void {
  describe("strings", () => {
    it("gets null for an absent key, then what was set, then the overwrite", async () => {
      const s = current();
      expect(await s.get("a")).toBeNull();
      await s.set("a", "1");
      expect(await s.get("a")).toBe("1");
      await s.set("a", "two words ✓");
      expect(await s.get("a")).toBe("two words ✓");
    });

    it("deletes: true when the key existed, false otherwise", async () => {
      const s = current();
      await s.set("d", "x");
      expect(await s.delete("d")).toBe(true);
      expect(await s.delete("d")).toBe(false);
      expect(await s.get("d")).toBeNull();
    });

    it("set replaces a hash with a string", async () => {
      const s = current();
      await s.hset("h", { f: "v" });
      await s.set("h", "now a string");
      expect(await s.get("h")).toBe("now a string");
    });
  });

  describe("expiry", () => {
    it("expires a key set with ttlMs and reports the remaining ttl before that", async () => {
      const s = current();
      await s.set("t", "v", { ttlMs: 80 });
      const left = await s.ttlMs("t");
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(80);
      await sleep(200);
      expect(await s.get("t")).toBeNull();
      expect(await s.ttlMs("t")).toBeNull();
    });

    it("ttlMs: null for no key, -1 for a key without expiry; set without ttl drops the old expiry", async () => {
      const s = current();
      expect(await s.ttlMs("none")).toBeNull();
      await s.set("k", "v", { ttlMs: 60_000 });
      await s.set("k", "v2");
      expect(await s.ttlMs("k")).toBe(-1);
    });

    it("expire: false for an absent key; sets an expiry that is then honoured", async () => {
      const s = current();
      expect(await s.expire("none", 1000)).toBe(false);
      await s.set("e", "v");
      expect(await s.expire("e", 80)).toBe(true);
      expect(await s.ttlMs("e")).toBeGreaterThan(0);
      await sleep(200);
      expect(await s.get("e")).toBeNull();
    });

    it("rejects a ttl that is not a positive number", async () => {
      const s = current();
      await expectBotError(s.set("k", "v", { ttlMs: 0 }), "store_invalid_argument");
      await expectBotError(s.setIfAbsent("k", "v", -5), "store_invalid_argument");
      await expectBotError(s.expire("k", Number.NaN), "store_invalid_argument");
      expect(await s.get("k")).toBeNull();
    });
  });

  describe("setIfAbsent", () => {
    it("creates once, keeps the first value, and can claim again after the ttl", async () => {
      const s = current();
      expect(await s.setIfAbsent("claim", "first", 80)).toBe(true);
      expect(await s.setIfAbsent("claim", "second", 80)).toBe(false);
      expect(await s.get("claim")).toBe("first");
      await sleep(200);
      expect(await s.setIfAbsent("claim", "third")).toBe(true);
      expect(await s.get("claim")).toBe("third");
      expect(await s.ttlMs("claim")).toBe(-1);
    });

    it("lets exactly one of 50 parallel callers win", async () => {
      const s = current();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => s.setIfAbsent("race", `caller-${i}`, 10_000)),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(await s.get("race")).toBe(`caller-${winners[0]}`);
    });
  });

  describe("compareAndSet", () => {
    it("creates from absent, swaps on a match, refuses a mismatch, deletes with next = null", async () => {
      const s = current();
      expect(await s.compareAndSet("c", "x", "y")).toBe(false);
      expect(await s.get("c")).toBeNull();
      expect(await s.compareAndSet("c", null, "v1")).toBe(true);
      expect(await s.compareAndSet("c", null, "v1b")).toBe(false);
      expect(await s.compareAndSet("c", "wrong", "v2")).toBe(false);
      expect(await s.compareAndSet("c", "v1", "v2")).toBe(true);
      expect(await s.get("c")).toBe("v2");
      expect(await s.compareAndSet("c", "v2", null)).toBe(true);
      expect(await s.get("c")).toBeNull();
    });

    it("keeps the expiry without opts and sets it with opts.ttlMs", async () => {
      const s = current();
      await s.set("c", "a", { ttlMs: 60_000 });
      expect(await s.compareAndSet("c", "a", "b")).toBe(true);
      expect(await s.ttlMs("c")).toBeGreaterThan(0);
      expect(await s.compareAndSet("c", "b", "c", { ttlMs: 80 })).toBe(true);
      expect(await s.ttlMs("c")).toBeLessThanOrEqual(80);
      await sleep(200);
      expect(await s.get("c")).toBeNull();
      expect(await s.compareAndSet("c", null, "fresh")).toBe(true);
      expect(await s.ttlMs("c")).toBe(-1);
    });

    it("lets exactly one of 50 parallel swaps from the same expected value win", async () => {
      const s = current();
      await s.set("cas", "v0");
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => s.compareAndSet("cas", "v0", `v-${i}`)),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(await s.get("cas")).toBe(`v-${winners[0]}`);
    });

    it("rejects with store_type_error on a hash", async () => {
      const s = current();
      await s.hset("h", { f: "1" });
      await expectBotError(s.compareAndSet("h", null, "x"), "store_type_error");
      expect(await s.hget("h", "f")).toBe("1");
    });

    it("writes its index entries with the value, and only when the swap happens", async () => {
      const s = current();
      const add = (key: string, member: string, score: number) => ({ key, member, score });
      expect(
        await s.compareAndSet("rec", null, "v1", { index: [add("open", "rec", 5), add("all", "rec", 5)] }),
      ).toBe(true);
      expect([await s.zrange("open"), await s.zscore("all", "rec")]).toEqual([["rec"], 5]);
      // A lost swap writes no index entry either.
      expect(await s.compareAndSet("rec", "stale", "v2", { index: [add("other", "rec", 1)] })).toBe(false);
      expect(await s.compareAndSet("rec", null, "v2", { index: [add("other", "rec", 1)] })).toBe(false);
      expect(await s.zcard("other")).toBe(0);
      await s.zadd("open", { keep: 9 });
      expect(
        await s.compareAndSet("rec", "v1", "v2", {
          ttlMs: 60_000,
          index: [{ key: "open", member: "rec", remove: true }, add("all", "rec", 7)],
        }),
      ).toBe(true);
      expect([await s.get("rec"), await s.zrange("open"), await s.zscore("all", "rec")]).toEqual([
        "v2",
        ["keep"],
        7,
      ]);
      expect(await s.ttlMs("rec")).toBeGreaterThan(0);
      // Removing from a missing index is no failure.
      expect(
        await s.compareAndSet("rec", "v2", null, { index: [{ key: "none", member: "rec", remove: true }] }),
      ).toBe(true);
      expect(await s.get("rec")).toBeNull();
    });

    it("an index write on a key of another kind rejects the call and leaves the value as it was", async () => {
      const s = current();
      await s.set("rec", "v1");
      await s.set("not-a-set", "text");
      const index = [{ key: "not-a-set", member: "rec", score: 1 }];
      await expectBotError(s.compareAndSet("rec", "v1", "v2", { index }), "store_type_error");
      await expectBotError(s.compareAndSet("fresh", null, "v", { index }), "store_type_error");
      expect([await s.get("rec"), await s.get("fresh"), await s.get("not-a-set")]).toEqual([
        "v1",
        null,
        "text",
      ]);
    });

    it("refuses a non-finite index score before writing anything", async () => {
      const s = current();
      const index = [{ key: "ix", member: "m", score: Number.NaN }];
      await expectBotError(s.compareAndSet("rec", null, "v", { index }), "store_invalid_argument");
      expect([await s.get("rec"), await s.zcard("ix")]).toEqual([null, 0]);
    });
  });
}
