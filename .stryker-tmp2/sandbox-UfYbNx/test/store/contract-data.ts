// @ts-nocheck
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getJson, type StateStore, setJson } from "../../src/core/store/index.js";
import { expectBotError, sleep } from "./helpers.js";

/** Counters, hashes, key listing and JSON. `current()` is the store of the running test. */
export function dataContract(current: () => StateStore): void {
  describe("counters", () => {
    it("incr starts at 0, adds integers and keeps the expiry", async () => {
      const s = current();
      expect(await s.incr("n")).toBe(1);
      expect(await s.incr("n", 5)).toBe(6);
      expect(await s.incr("n", -10)).toBe(-4);
      expect(await s.get("n")).toBe("-4");
      await s.expire("n", 60_000);
      await s.incr("n");
      expect(await s.ttlMs("n")).toBeGreaterThan(0);
    });

    it("incr is atomic under 50 parallel callers", async () => {
      const s = current();
      await Promise.all(Array.from({ length: 50 }, () => s.incr("par")));
      expect(await s.get("par")).toBe("50");
    });

    it("incr rejects a non-integer increment and a non-integer value", async () => {
      const s = current();
      await expectBotError(s.incr("n", 1.5), "store_invalid_argument");
      await s.set("word", "abc");
      await expectBotError(s.incr("word"), "store_type_error");
      await s.set("dec", "1.5");
      await expectBotError(s.incr("dec"), "store_type_error");
      expect(await s.get("dec")).toBe("1.5");
    });

    it("incrDecimal adds without float noise: 0.1 + 0.2 = 0.3", async () => {
      const s = current();
      expect(await s.incrDecimal("d", 0.1)).toBe(0.1);
      expect(await s.incrDecimal("d", 0.2)).toBe(0.3);
      expect(await s.get("d")).toBe("0.3");
      await s.set("i", "5");
      expect(await s.incrDecimal("i", 0.5)).toBe(5.5);
      expect(await s.incrDecimal("i", -5.5)).toBe(0);
    });

    it("incrDecimal rejects a non-number value and a non-finite increment", async () => {
      const s = current();
      await s.set("word", "abc");
      await expectBotError(s.incrDecimal("word", 1), "store_type_error");
      await expectBotError(s.incrDecimal("x", Number.POSITIVE_INFINITY), "store_invalid_argument");
    });
  });

  describe("hashes", () => {
    it("hset merges fields; hget and hgetall read them; absent reads are null / {}", async () => {
      const s = current();
      expect(await s.hgetall("h")).toEqual({});
      expect(await s.hget("h", "a")).toBeNull();
      await s.hset("h", { a: "1", b: "2" });
      await s.hset("h", { b: "3", c: "4" });
      await s.hset("h", {});
      expect(await s.hget("h", "b")).toBe("3");
      expect(await s.hget("h", "zz")).toBeNull();
      expect(await s.hgetall("h")).toEqual({ a: "1", b: "3", c: "4" });
    });

    it("hdel counts removed fields and removes the key with its last field", async () => {
      const s = current();
      await s.hset("h", { a: "1", b: "2" });
      expect(await s.hdel("h", "a", "nope")).toBe(1);
      expect(await s.hdel("h")).toBe(0);
      expect(await s.hdel("h", "b")).toBe(1);
      expect(await s.ttlMs("h")).toBeNull();
      expect(await s.keys("h")).toEqual([]);
    });

    it("hincr adds decimals without noise and integers", async () => {
      const s = current();
      expect(await s.hincr("spend", "alice", 0.1)).toBe(0.1);
      expect(await s.hincr("spend", "alice", 0.2)).toBe(0.3);
      expect(await s.hincr("spend", "bob", 2)).toBe(2);
      expect(await s.hgetall("spend")).toEqual({ alice: "0.3", bob: "2" });
      await s.hset("spend", { carol: "lots" });
      await expectBotError(s.hincr("spend", "carol", 1), "store_type_error");
    });

    it("string and hash operations on the other kind reject with store_type_error", async () => {
      const s = current();
      await s.set("str", "v");
      await s.hset("hash", { f: "v" });
      await expectBotError(s.hget("str", "f"), "store_type_error");
      await expectBotError(s.hset("str", { f: "v" }), "store_type_error");
      await expectBotError(s.hgetall("str"), "store_type_error");
      await expectBotError(s.hincr("str", "f", 1), "store_type_error");
      await expectBotError(s.get("hash"), "store_type_error");
      await expectBotError(s.incr("hash"), "store_type_error");
      await expectBotError(s.incrDecimal("hash", 1), "store_type_error");
      expect(await s.get("str")).toBe("v");
    });
  });

  describe("keys", () => {
    it("lists keys under a prefix, sorted, without the namespace; glob characters are literal", async () => {
      const s = current();
      for (const k of ["job:2", "job:10", "job:1", "jobs", "other:1", "a*b", "a?c", "a[x]"])
        await s.set(k, "v");
      await s.hset("job:h", { f: "v" });
      expect(await s.keys("job:")).toEqual(["job:1", "job:10", "job:2", "job:h"]);
      expect(await s.keys("job:", 2)).toEqual(["job:1", "job:10"]);
      expect(await s.keys("a*")).toEqual(["a*b"]);
      expect(await s.keys("a[")).toEqual(["a[x]"]);
      expect(await s.keys("nothing:")).toEqual([]);
    });

    it("skips expired keys and caps at 1000 by default", async () => {
      const s = current();
      await s.set("gone", "v", { ttlMs: 50 });
      await Promise.all(
        Array.from({ length: 1200 }, (_, i) => s.set(`many:${String(i).padStart(4, "0")}`, "v")),
      );
      await sleep(150);
      expect(await s.keys("gone")).toEqual([]);
      const first = await s.keys("many:");
      expect(first).toHaveLength(1000);
      expect(first[0]).toBe("many:0000");
      expect(first[999]).toBe("many:0999");
      expect(await s.keys("many:", 5000)).toHaveLength(1200);
    });
  });

  describe("json", () => {
    const Schema = z.object({ id: z.string(), count: z.number() });

    it("round-trips a value, validates it with a schema, and names the key when it does not fit", async () => {
      const s = current();
      expect(await getJson(s, "j", Schema)).toBeNull();
      await setJson(s, "j", { id: "x", count: 2 }, { ttlMs: 60_000 });
      expect(await getJson(s, "j", Schema)).toEqual({ id: "x", count: 2 });
      expect(await s.ttlMs("j")).toBeGreaterThan(0);
      await setJson(s, "j", { id: "x", count: "2" });
      const err = await expectBotError(getJson(s, "j", Schema), "store_json_invalid");
      expect(err.message).toContain('"j"');
      await s.set("raw", "{not json");
      await expectBotError(getJson(s, "raw"), "store_json_invalid");
      await expectBotError(setJson(s, "u", undefined), "store_invalid_argument");
    });
  });

  describe("lifecycle", () => {
    it("pings while open; rejects calls with store_closed after close; close twice is fine", async () => {
      const s = current();
      await s.ping();
      await s.close();
      await s.close();
      await expectBotError(s.get("a"), "store_closed");
      await expectBotError(s.ping(), "store_closed");
    });
  });
}
