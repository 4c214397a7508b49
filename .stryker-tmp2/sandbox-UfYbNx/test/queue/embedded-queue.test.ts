// @ts-nocheck
import { describe, expect, it } from "vitest";
import { createEmbeddedQueue, openJobQueue } from "../../src/jobs/queue/index.js";
import { record, waitFor } from "./helpers.js";
import { describeJobQueueContract } from "./job-queue.contract.js";

describeJobQueueContract("embedded", () => createEmbeddedQueue());

describe("embedded queue", () => {
  it("is what openJobQueue gives without a Redis URL", async () => {
    const q = openJobQueue({});
    expect(q.kind).toBe("embedded");
    await q.close();
  });

  it("keeps only retainFinished finished jobs", async () => {
    const q = createEmbeddedQueue({ retainFinished: 2 });
    const completed = record(q, "completed");
    await q.startWorkers({ ok: async () => ({ kind: "done", result: 1 }) }, { concurrency: 1 });
    for (const id of ["keep-1", "keep-2", "keep-3"]) await q.add("ok", {}, { jobId: id });
    await waitFor(() => completed.length === 3, "three completions");
    expect(await q.getState("keep-1")).toBeNull();
    expect(await q.getState("keep-3")).toBe("completed");
    expect((await q.add("ok", {}, { jobId: "keep-1" })).created).toBe(true);
    await q.close();
  });
});
