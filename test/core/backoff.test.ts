import { describe, expect, it } from "vitest";
import { backoffDelay, pollDelay } from "../../src/core/backoff.js";

describe("backoffDelay (the one retry rule)", () => {
  it("waits exactly what Retry-After asked for", () => {
    expect(backoffDelay({ attempt: 5, baseMs: 100, maxMs: 1000, retryAfterSeconds: 2.5 })).toBe(2500);
  });

  it("doubles per attempt up to the cap, with at least half of it kept under jitter", () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const exp = Math.min(4000, 250 * 2 ** attempt);
      expect(backoffDelay({ attempt, baseMs: 250, maxMs: 4000, jitter: false })).toBe(exp);
      const d = backoffDelay({ attempt, baseMs: 250, maxMs: 4000 });
      expect(d).toBeGreaterThanOrEqual(exp / 2);
      expect(d).toBeLessThanOrEqual(exp);
    }
  });

  it("poll steps grow by half from the base to the cap", () => {
    expect([1, 2, 3, 10].map((s) => pollDelay(s, 1000, 10_000))).toEqual([1000, 1500, 2250, 10_000]);
  });
});
