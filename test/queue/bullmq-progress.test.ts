import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createBullmqQueue } from "../../src/jobs/queue/bullmq-queue.js";
import { deletePrefix, REDIS_URL, record, sleep, uniquePrefix, waitFor } from "./helpers.js";

const prefix = uniquePrefix();
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  await deletePrefix(prefix);
  await redis.quit();
});

describe("bullmq progress (real Redis)", () => {
  it("reaches listeners without writing the job hash or the event stream, and ignores foreign messages", async () => {
    const q = createBullmqQueue({ redisUrl: REDIS_URL, prefix, queueName: "prog" });
    try {
      const progress = record(q, "progress");
      const completed = record(q, "completed");
      // Let the listener's subscription settle, then put junk on the channel: it must be dropped.
      await waitFor(
        async () => (await redis.pubsub("NUMSUB", `${prefix}:prog:progress`))[1] === 1,
        "subscription",
      );
      await redis.publish(`${prefix}:prog:progress`, "not json");
      await redis.publish(`${prefix}:prog:progress`, JSON.stringify({ jobId: 7, progress: {} }));
      await q.startWorkers(
        {
          render: async (ctx) => {
            for (const stage of ["submitting", "polling", "delivering"]) await ctx.progress({ stage });
            return { kind: "done", result: "ok" };
          },
        },
        { concurrency: 1 },
      );
      await q.add("render", {}, { jobId: "p-1" });
      await waitFor(() => completed.length === 1, "completion");
      await waitFor(() => progress.length === 3, "three progress events");
      expect(progress).toEqual(
        ["submitting", "polling", "delivering"].map((stage) => ({
          jobId: "p-1",
          name: "render",
          progress: { stage },
        })),
      );
      // Nothing of it was stored: the job hash has no progress field, the stream no progress entry.
      expect(await redis.hget(`${prefix}:prog:p-1`, "progress")).toBeNull();
      const stream = await redis.xrange(`${prefix}:prog:events`, "-", "+");
      expect(stream.filter(([, f]) => f.includes("progress"))).toEqual([]);
      await sleep(50);
      expect(progress).toHaveLength(3);
    } finally {
      await q.close({ timeoutMs: 1000 });
    }
  });
});
