// @ts-nocheck
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  createBullmqQueue,
  type JobContext,
  type JobQueue,
  openJobQueue,
} from "../../src/jobs/queue/index.js";
import { deletePrefix, expectBotError, REDIS_URL, record, sleep, uniquePrefix, waitFor } from "./helpers.js";
import { describeJobQueueContract } from "./job-queue.contract.js";
import { startTcpProxy } from "./tcp-proxy.js";

const prefix = uniquePrefix();
let queues = 0;
const open = (queueName = `q${++queues}`): JobQueue =>
  createBullmqQueue({ redisUrl: REDIS_URL, prefix, queueName, stalledIntervalMs: 500, lockDurationMs: 2000 });

afterAll(async () => {
  await deletePrefix(prefix);
});

describeJobQueueContract("bullmq", () => open());

describe("bullmq queue (real Redis)", () => {
  it("is what openJobQueue gives with a Redis URL", async () => {
    const q = openJobQueue({ redisUrl: REDIS_URL, prefix, queueName: "open" });
    expect(q.kind).toBe("bullmq");
    await q.close();
  });

  it("rejects add with queue_unavailable when Redis does not answer", async () => {
    const q = createBullmqQueue({ redisUrl: "redis://127.0.0.1:1", prefix });
    try {
      const err = await expectBotError(q.add("x", {}, { jobId: "nowhere-1" }), "queue_unavailable");
      expect(err.message).toBe("the job queue (Redis) is not answering; try again in a minute");
      await expectBotError(q.getState("nowhere-1"), "queue_unavailable");
    } finally {
      await q.close();
    }
  });

  it("rides out a Redis outage: add fails fast meanwhile, workers resume afterwards", async () => {
    const proxy = await startTcpProxy(6379);
    const q = createBullmqQueue({
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      prefix,
      queueName: "outage",
      stalledIntervalMs: 500,
      lockDurationMs: 2000,
    });
    const completed = record(q, "completed");
    try {
      await q.startWorkers({ ok: async (ctx) => ({ kind: "done", result: ctx.id }) }, { concurrency: 1 });
      await q.add("ok", {}, { jobId: "before-1" });
      await waitFor(() => completed.length === 1, "a job before the outage");
      await proxy.cut();
      await expectBotError(q.add("ok", {}, { jobId: "during-1" }), "queue_unavailable");
      await sleep(1000); // connections are now between reconnect attempts
      await expectBotError(q.add("ok", {}, { jobId: "during-1" }), "queue_unavailable");
      await proxy.restore();
      await waitFor(
        () =>
          q.add("ok", {}, { jobId: "after-1" }).then(
            (r) => r.created,
            () => false,
          ),
        "add to work again",
      );
      await waitFor(() => completed.some((e) => e.jobId === "after-1"), "the worker to resume");
      expect(await q.getState("during-1")).toBeNull();
    } finally {
      await q.close({ timeoutMs: 1000 });
      await proxy.close();
    }
  });

  it("creates a job exactly once when two producers race on the same id", async () => {
    const a = open("race");
    const b = open("race");
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).add("x", { i }, { jobId: "race-1" })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("recovers a job whose worker process was killed mid-run, and completes it exactly once", async () => {
    const queueName = "crash";
    const q = open(queueName);
    const progress = record(q, "progress");
    const completed = record(q, "completed");
    const child = spawnChild(queueName);
    try {
      await waitFor(() => child.out.includes("READY"), "the child worker");
      await q.add("crashy", { phase: "start" }, { jobId: "crash-1" });
      await waitFor(() => child.runs().length === 2, "the child's second run");
      expect(child.runs()).toEqual([
        { run: 1, recovered: false, data: { phase: "start" } },
        { run: 2, recovered: false, data: { phase: "polling" } },
      ]);
      expect(await q.getState("crash-1")).toBe("active");
      child.proc.kill("SIGKILL");
      await waitFor(() => child.proc.exitCode !== null || child.proc.signalCode !== null, "the child to die");

      const runs: Array<Pick<JobContext, "run" | "recovered" | "data">> = [];
      await q.startWorkers(
        {
          crashy: async (ctx) => {
            runs.push({ run: ctx.run, recovered: ctx.recovered, data: ctx.data });
            return { kind: "done", result: "recovered" };
          },
        },
        { concurrency: 1 },
      );
      await waitFor(() => completed.length === 1, "the recovered job to complete");
      expect(runs).toEqual([{ run: 3, recovered: true, data: { phase: "polling" } }]);
      expect(completed[0]).toEqual({ jobId: "crash-1", name: "crashy", result: "recovered" });
      // Events from the child process reached this process's listeners.
      expect(progress.map((e) => e.progress?.stage)).toEqual(
        expect.arrayContaining(["child-run-1", "child-run-2"]),
      );
      await sleep(1500); // several stall checks later: still exactly once
      expect(runs).toHaveLength(1);
      expect(completed).toHaveLength(1);
      expect(await q.getState("crash-1")).toBe("completed");
    } finally {
      child.proc.kill("SIGKILL");
      await q.close({ timeoutMs: 1000 });
    }
  });
});

function spawnChild(queueName: string) {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const fixture = fileURLToPath(new URL("./fixtures/worker-child.ts", import.meta.url));
  const proc: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", fixture, REDIS_URL, prefix, queueName],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const state = { proc, out: "", err: "", runs: () => parseRuns(state.out) };
  proc.stdout?.on("data", (d: Buffer) => {
    state.out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    state.err += d.toString();
  });
  return state;
}

function parseRuns(out: string): unknown[] {
  return out
    .split("\n")
    .filter((line) => line.startsWith("RUN "))
    .map((line) => JSON.parse(line.slice(4)));
}
