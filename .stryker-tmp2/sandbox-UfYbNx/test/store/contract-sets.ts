// @ts-nocheck
import { describe, expect, it } from "vitest";
import type { StateStore } from "../../src/core/store/index.js";
import { expectBotError, sleep } from "./helpers.js";

/** Sorted sets: the indexes the ledger reads instead of scanning keys. */
export function setContract(current: () => StateStore): void {
  describe("sorted sets", () => {
    it("zadd counts new members, updates scores; zrange orders by score then member, both ways", async () => {
      const s = current();
      expect(await s.zrange("z")).toEqual([]);
      expect(await s.zcard("z")).toBe(0);
      expect(await s.zadd("z", { c: 3, a: 1, b: 2 })).toBe(3);
      expect(await s.zadd("z", { a: 5, d: 2 })).toBe(1);
      expect(await s.zadd("z", {})).toBe(0);
      expect(await s.zrange("z")).toEqual(["b", "d", "c", "a"]);
      expect(await s.zrange("z", { reverse: true })).toEqual(["a", "c", "d", "b"]);
      expect(await s.zcard("z")).toBe(4);
      expect(await s.zscore("z", "a")).toBe(5);
      expect(await s.zscore("z", "d")).toBe(2);
      expect(await s.zscore("z", "nope")).toBeNull();
      expect(await s.zscore("absent", "a")).toBeNull();
      expect(await s.keys("z")).toEqual(["z"]);
    });

    it("pages with offset and limit in either direction", async () => {
      const s = current();
      await s.zadd("p", Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, i])));
      expect(await s.zrange("p", { limit: 3 })).toEqual(["m0", "m1", "m2"]);
      expect(await s.zrange("p", { offset: 8, limit: 5 })).toEqual(["m8", "m9"]);
      expect(await s.zrange("p", { reverse: true, offset: 1, limit: 2 })).toEqual(["m8", "m7"]);
      expect(await s.zrange("p", { offset: 20 })).toEqual([]);
      await expectBotError(s.zrange("p", { limit: 0 }), "store_invalid_argument");
      await expectBotError(s.zrange("p", { offset: -1 }), "store_invalid_argument");
    });

    it("zrem counts removed members and removes the key with its last member", async () => {
      const s = current();
      await s.zadd("r", { a: 1, b: 2 });
      expect(await s.zrem("r", "a", "a", "nope")).toBe(1);
      expect(await s.zrem("r")).toBe(0);
      expect(await s.zrem("absent", "a")).toBe(0);
      expect(await s.zrem("r", "b")).toBe(1);
      expect(await s.keys("r")).toEqual([]);
      expect(await s.ttlMs("r")).toBeNull();
    });

    it("zremRangeByScore removes an inclusive score range, unbounded with ±Infinity", async () => {
      const s = current();
      await s.zadd("t", { a: 1, b: 2, c: 3, d: 4, e: 1_764_547_200_123 });
      expect(await s.zscore("t", "e")).toBe(1_764_547_200_123);
      expect(await s.zremRangeByScore("t", 2, 3)).toBe(2);
      expect(await s.zrange("t")).toEqual(["a", "d", "e"]);
      expect(await s.zremRangeByScore("t", Number.NEGATIVE_INFINITY, 1)).toBe(1);
      expect(await s.zremRangeByScore("t", 10, Number.POSITIVE_INFINITY)).toBe(1);
      expect(await s.zrange("t")).toEqual(["d"]);
      expect(await s.zremRangeByScore("t", Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(1);
      expect(await s.keys("t")).toEqual([]);
    });

    it("rejects a non-finite score and leaves the set as it was", async () => {
      const s = current();
      await s.zadd("bad", { a: 1 });
      await expectBotError(s.zadd("bad", { b: Number.NaN }), "store_invalid_argument");
      await expectBotError(s.zadd("bad", { b: Number.POSITIVE_INFINITY }), "store_invalid_argument");
      await expectBotError(s.zremRangeByScore("bad", Number.NaN, 1), "store_invalid_argument");
      expect(await s.zrange("bad")).toEqual(["a"]);
    });

    it("a sorted set expires like any key; set replaces it", async () => {
      const s = current();
      await s.zadd("e", { a: 1 });
      expect(await s.expire("e", 80)).toBe(true);
      await sleep(200);
      expect(await s.zrange("e")).toEqual([]);
      expect(await s.zcard("e")).toBe(0);
      expect(await s.zadd("e", { b: 1 })).toBe(1);
      expect(await s.ttlMs("e")).toBe(-1);
      await s.set("e", "string now");
      expect(await s.get("e")).toBe("string now");
      expect(await s.delete("e")).toBe(true);
    });

    it("sorted-set and other operations on the other kind reject with store_type_error", async () => {
      const s = current();
      await s.set("str", "v");
      await s.hset("hash", { f: "v" });
      await s.zadd("zs", { m: 1 });
      for (const key of ["str", "hash"]) {
        await expectBotError(s.zadd(key, { m: 1 }), "store_type_error");
        await expectBotError(s.zrange(key), "store_type_error");
        await expectBotError(s.zcard(key), "store_type_error");
        await expectBotError(s.zscore(key, "m"), "store_type_error");
        await expectBotError(s.zrem(key, "m"), "store_type_error");
        await expectBotError(s.zremRangeByScore(key, 0, 1), "store_type_error");
      }
      await expectBotError(s.get("zs"), "store_type_error");
      await expectBotError(s.incr("zs"), "store_type_error");
      await expectBotError(s.hget("zs", "m"), "store_type_error");
      await expectBotError(s.hset("zs", { m: "1" }), "store_type_error");
      await expectBotError(s.compareAndSet("zs", null, "x"), "store_type_error");
      expect(await s.zrange("zs")).toEqual(["m"]);
    });

    it("50 parallel zadds of distinct members all land", async () => {
      const s = current();
      const added = await Promise.all(Array.from({ length: 50 }, (_, i) => s.zadd("par", { [`m${i}`]: i })));
      expect(added.every((n) => n === 1)).toBe(true);
      expect(await s.zcard("par")).toBe(50);
    });
  });
}
