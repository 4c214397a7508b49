// @ts-nocheck
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
  });
}
