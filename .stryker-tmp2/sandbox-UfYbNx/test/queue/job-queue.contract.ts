// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import type { JobContext, JobQueue, Processor, StepResult } from "../../src/jobs/queue/index.js";
import { deferred, expectBotError, record, sleep, waitFor } from "./helpers.js";

const done = <R>(result: R): StepResult<R> => ({ kind: "done", result });

/** Hangs until the run's signal aborts, then rejects with the abort reason. */
function untilAborted(ctx: JobContext, aborted: string[]): Promise<StepResult> {
  return new Promise((_, reject) => {
    ctx.signal.addEventListener(
      "abort",
      () => {
        aborted.push((ctx.signal.reason as BotError).code);
        reject(ctx.signal.reason);
      },
      { once: true },
    );
  });
}

/** The JobQueue contract, written once and run against every implementation. `factory` opens a fresh, empty queue. */
export function describeJobQueueContract(name: string, factory: () => JobQueue): void {
  describe(`JobQueue contract: ${name}`, () => {
    const opened: JobQueue[] = [];
    const open = (): JobQueue => {
      const q = factory();
      opened.push(q);
      return q;
    };

    afterEach(async () => {
      for (const q of opened.splice(0)) await q.close({ timeoutMs: 500 });
    });

    it("runs a job and reports its result on the completed event", async () => {
      const q = open();
      const completed = record(q, "completed");
      const seen: Array<{ run: number; recovered: boolean }> = [];
      await q.startWorkers(
        {
          echo: async (ctx) => {
            seen.push({ run: ctx.run, recovered: ctx.recovered });
            return done({ echo: ctx.data, id: ctx.id, name: ctx.name });
          },
        },
        { concurrency: 2 },
      );
      expect(await q.add("echo", { x: 1 }, { jobId: "job-a" })).toEqual({ id: "job-a", created: true });
      await waitFor(() => completed.length === 1, "completed event");
      expect(completed[0]).toEqual({
        jobId: "job-a",
        name: "echo",
        result: { echo: { x: 1 }, id: "job-a", name: "echo" },
      });
      expect(seen).toEqual([{ run: 1, recovered: false }]);
      expect(await q.getState("job-a")).toBe("completed");
    });

    it("is idempotent by jobId: a duplicate changes nothing and the processor runs once", async () => {
      const q = open();
      const completed = record(q, "completed");
      let runs = 0;
      expect((await q.add("once", { n: 1 }, { jobId: "dup-1" })).created).toBe(true);
      expect(await q.add("once", { n: 2 }, { jobId: "dup-1" })).toEqual({ id: "dup-1", created: false });
      await q.startWorkers(
        {
          once: async (ctx) => {
            runs++;
            return done(ctx.data);
          },
        },
        { concurrency: 2 },
      );
      await waitFor(() => completed.length === 1, "completion");
      expect(completed[0]?.result).toEqual({ n: 1 });
      expect((await q.add("once", { n: 3 }, { jobId: "dup-1" })).created).toBe(false);
      await sleep(300);
      expect(runs).toBe(1);
      expect(completed).toHaveLength(1);
    });

    it("re-runs a job after delay steps, with data replaced when given and run incremented", async () => {
      const q = open();
      const completed = record(q, "completed");
      const seen: Array<{ run: number; data: unknown; recovered: boolean }> = [];
      const poll: Processor = async (ctx) => {
        seen.push({ run: ctx.run, data: ctx.data, recovered: ctx.recovered });
        if (ctx.run === 1) return { kind: "delay", delayMs: 50, data: { step: 2 } };
        if (ctx.run === 2) return { kind: "delay", delayMs: 50 }; // data kept
        return done("finished");
      };
      await q.startWorkers({ poll }, { concurrency: 1 });
      await q.add("poll", { step: 1 }, { jobId: "steps-1" });
      await waitFor(() => completed.length === 1, "completion after three runs");
      expect(seen).toEqual([
        { run: 1, data: { step: 1 }, recovered: false },
        { run: 2, data: { step: 2 }, recovered: false },
        { run: 3, data: { step: 2 }, recovered: false },
      ]);
      expect(completed[0]).toMatchObject({ jobId: "steps-1", result: "finished" });
    });

    it("delivers progress events to listeners", async () => {
      const q = open();
      const progress = record(q, "progress");
      const completed = record(q, "completed");
      await q.startWorkers(
        {
          render: async (ctx) => {
            await ctx.progress({ stage: "rendering", percent: 50 });
            return done(null);
          },
        },
        { concurrency: 1 },
      );
      await q.add("render", {}, { jobId: "prog-1" });
      await waitFor(() => completed.length === 1, "completion");
      expect(progress).toEqual([
        { jobId: "prog-1", name: "render", progress: { stage: "rendering", percent: 50 } },
      ]);
    });

    it("cancels a waiting job: removed, the processor never runs", async () => {
      const q = open();
      const cancelled = record(q, "cancelled");
      const completed = record(q, "completed");
      const ran: string[] = [];
      await q.add("slow", {}, { jobId: "wait-1" });
      expect(await q.getState("wait-1")).toBe("waiting");
      expect(await q.cancel("wait-1")).toBe("removed");
      expect(await q.getState("wait-1")).toBeNull();
      expect(await q.isCancelled("wait-1")).toBe(true);
      await waitFor(() => cancelled.length === 1, "cancelled event");
      expect(cancelled[0]).toEqual({ jobId: "wait-1", name: "slow" });
      await q.startWorkers(
        {
          slow: async (ctx) => {
            ran.push(ctx.id);
            return done(1);
          },
        },
        { concurrency: 1 },
      );
      await q.add("slow", {}, { jobId: "wait-2" });
      await waitFor(() => completed.length === 1, "the next job");
      expect(ran).toEqual(["wait-2"]);
      expect(await q.isCancelled("wait-2")).toBe(false);
    });

    it("cancels a delayed job: removed now", async () => {
      const q = open();
      await q.add("later", {}, { jobId: "delayed-1", delayMs: 60_000 });
      expect(await q.getState("delayed-1")).toBe("delayed");
      expect(await q.cancel("delayed-1")).toBe("removed");
      expect(await q.getState("delayed-1")).toBeNull();
      expect(await q.cancel("delayed-1")).toBe("not_found");
      expect(await q.cancel("never-added")).toBe("not_found");
    });

    it("cancels an active job: its signal aborts and it ends cancelled, not failed", async () => {
      const q = open();
      const cancelled = record(q, "cancelled");
      const failed = record(q, "failed");
      const started: string[] = [];
      const aborted: string[] = [];
      await q.startWorkers(
        {
          hold: (ctx) => {
            started.push(ctx.id);
            return untilAborted(ctx, aborted);
          },
        },
        { concurrency: 1 },
      );
      await q.add("hold", {}, { jobId: "active-1" });
      await waitFor(() => started.length === 1, "the run to start");
      expect(await q.getState("active-1")).toBe("active");
      expect(await q.cancel("active-1")).toBe("flagged");
      expect(await q.isCancelled("active-1")).toBe(true);
      await waitFor(() => cancelled.length === 1, "cancelled event");
      expect(cancelled[0]).toEqual({ jobId: "active-1", name: "hold" });
      expect(aborted).toEqual(["job_cancelled"]);
      expect(await q.getState("active-1")).toBe("cancelled");
      expect(await q.cancel("active-1")).toBe("finished");
      expect(failed).toEqual([]);
      expect(await q.counts()).toMatchObject({ cancelled: 1, failed: 0, active: 0 });
    });

    it("ends a job failed when its processor throws, with code and message", async () => {
      const q = open();
      const failed = record(q, "failed");
      await q.startWorkers(
        {
          typed: async () => {
            throw new BotError({ code: "upstream_refused", family: "ondemand", message: "Theta said no" });
          },
          plain: async () => {
            throw new Error("kaput");
          },
        },
        { concurrency: 2 },
      );
      await q.add("typed", {}, { jobId: "fail-1" });
      await q.add("plain", {}, { jobId: "fail-2" });
      await waitFor(() => failed.length === 2, "two failed events");
      const byId = Object.fromEntries(failed.map((e) => [e.jobId, e]));
      expect(byId["fail-1"]).toEqual({
        jobId: "fail-1",
        name: "typed",
        error: { code: "upstream_refused", message: "Theta said no" },
      });
      expect(byId["fail-2"]?.error).toEqual({ code: "job_failed", message: "kaput" });
      expect(await q.getState("fail-1")).toBe("failed");
    });

    it("reports the position of waiting jobs (concurrency 1)", async () => {
      const q = open();
      const completed = record(q, "completed");
      const release = deferred();
      const started: string[] = [];
      await q.startWorkers(
        {
          block: async (ctx) => {
            started.push(ctx.id);
            await release.promise;
            return done(ctx.id);
          },
        },
        { concurrency: 1 },
      );
      await q.add("block", {}, { jobId: "pos-1" });
      await waitFor(() => started.length === 1, "the first job to start");
      await q.add("block", {}, { jobId: "pos-2" });
      await q.add("block", {}, { jobId: "pos-3" });
      expect(await q.position("pos-1")).toBeNull();
      expect(await q.position("pos-2")).toBe(1);
      expect(await q.position("pos-3")).toBe(2);
      expect(await q.position("unknown-job")).toBeNull();
      release.resolve();
      await waitFor(() => completed.length === 3, "all three jobs");
      expect(started).toEqual(["pos-1", "pos-2", "pos-3"]);
      expect(await q.position("pos-3")).toBeNull();
    });

    it("counts jobs by state", async () => {
      const q = open();
      const completed = record(q, "completed");
      const failed = record(q, "failed");
      await q.add("ok", {}, { jobId: "count-1" });
      await q.add("bad", {}, { jobId: "count-2" });
      await q.add("ok", {}, { jobId: "count-3", delayMs: 60_000 });
      expect(await q.counts()).toEqual({
        waiting: 2,
        delayed: 1,
        active: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      });
      await q.startWorkers(
        {
          ok: async () => done(true),
          bad: async () => {
            throw new Error("no");
          },
        },
        { concurrency: 2 },
      );
      await waitFor(() => completed.length === 1 && failed.length === 1, "both jobs to finish");
      expect(await q.counts()).toEqual({
        waiting: 0,
        delayed: 1,
        active: 0,
        completed: 1,
        failed: 1,
        cancelled: 0,
      });
    });

    it("close lets a running job finish", async () => {
      const q = open();
      const started: string[] = [];
      let finished = false;
      await q.startWorkers(
        {
          work: async (ctx) => {
            started.push(ctx.id);
            await sleep(300);
            finished = true;
            return done(1);
          },
        },
        { concurrency: 1 },
      );
      await q.add("work", {}, { jobId: "drain-1" });
      await waitFor(() => started.length === 1, "the run to start");
      await q.close({ timeoutMs: 10_000 });
      expect(finished).toBe(true);
      await expectBotError(q.add("work", {}, { jobId: "drain-2" }), "queue_closed");
    });

    it("close is bounded by timeoutMs: it aborts runs that outlive it", async () => {
      const q = open();
      const started: string[] = [];
      const aborted: string[] = [];
      await q.startWorkers(
        {
          polite: (ctx) => {
            started.push(ctx.id);
            return untilAborted(ctx, aborted);
          },
          stubborn: (ctx) => {
            started.push(ctx.id);
            return new Promise<never>(() => {});
          },
        },
        { concurrency: 2 },
      );
      await q.add("polite", {}, { jobId: "bound-1" });
      await q.add("stubborn", {}, { jobId: "bound-2" });
      await waitFor(() => started.length === 2, "both runs to start");
      await q.close({ timeoutMs: 200 });
      expect(aborted).toEqual(["queue_closing"]);
    });

    it("rejects job ids BullMQ cannot store", async () => {
      const q = open();
      await expectBotError(q.add("x", {}, { jobId: "123456789" }), "invalid_job_id");
      await expectBotError(q.add("x", {}, { jobId: "a:b" }), "invalid_job_id");
      await expectBotError(q.add("x", {}, { jobId: "" }), "invalid_job_id");
    });
  });
}
