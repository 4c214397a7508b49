import { describe, expect, it } from "vitest";
import type { TestProject } from "vitest/node";
import setup, { pingRedis } from "../setup/redis.js";

describe("npm test without a Redis at TEST_REDIS_URL", () => {
  it("starts its own redis-server on a free port, hands its URL to the tests, and stops it afterwards", async () => {
    const saved = process.env.TEST_REDIS_URL;
    process.env.TEST_REDIS_URL = "redis://127.0.0.1:1";
    const provided: Record<string, unknown> = {};
    const project = { provide: (k: string, v: unknown) => (provided[k] = v) } as unknown as TestProject;
    try {
      const teardown = await setup(project);
      const url = provided.redisUrl as string;
      expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toBe("redis://127.0.0.1:1");
      expect(await pingRedis(url)).toBe(true);
      teardown();
      let up = true;
      for (let i = 0; i < 50 && up; i++) {
        await new Promise((r) => setTimeout(r, 50));
        up = await pingRedis(url, 200);
      }
      expect(up).toBe(false);
    } finally {
      process.env.TEST_REDIS_URL = saved;
    }
  });
});
