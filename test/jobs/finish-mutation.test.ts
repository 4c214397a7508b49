import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { createLogger } from "../../src/core/logger.js";
import type { JobOrigin, JobResult } from "../../src/core/present/job-card.js";
import type { StateStore } from "../../src/core/store/index.js";
import type { Delivery, MediaItem } from "../../src/jobs/delivery.js";
import { LEASE_MS } from "../../src/jobs/lease.js";
import { Ledger, type LedgerEntry } from "../../src/jobs/ledger.js";
import type { JobDeps } from "../../src/jobs/processors/deps.js";
import { deliver, errorInfo, finish, resultOf } from "../../src/jobs/processors/finish.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/** How a job ends, as the requester sees it: one result posted, with the right outcome and files. */
const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

const origin: JobOrigin = { platform: "discord", tenantId: "g1", userId: "u1", channelId: "c1" };

class Sink implements Delivery {
  readonly posted: Array<{ result: JobResult; media: MediaItem[] }> = [];
  async postProgress(): Promise<void> {}
  async postResult(_o: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void> {
    this.posted.push({ result, media });
  }
}

async function setup(onFinal?: (e: LedgerEntry) => Promise<void> | void) {
  const o = await openEmbedded();
  opened.push(o);
  const ledger = new Ledger(o.store);
  const sink = new Sink();
  const finals: LedgerEntry[] = [];
  const warnings: string[] = [];
  const logger = createLogger("silent");
  logger.warn = ((_obj: unknown, msg?: string) => {
    warnings.push(msg ?? "");
  }) as typeof logger.warn;
  const deps: JobDeps = {
    config: loadConfig({ LOG_LEVEL: "silent" }),
    ledger,
    credentials: new EnvCredentialProvider(loadConfig({ LOG_LEVEL: "silent" })),
    delivery: sink,
    logger,
    events: {
      onFinal: async (e) => {
        finals.push(e);
        await onFinal?.(e);
      },
    },
  };
  const job = async (id: string, state: LedgerEntry["state"], patch: Partial<LedgerEntry> = {}) => {
    await ledger.create({ id, kind: "ondemand", title: `Job ${id}`, origin, data: {} });
    if (state !== "queued") await ledger.transition(id, ["queued"], state, patch);
    return (await ledger.get(id))!;
  };
  return { store: o.store, ledger, sink, deps, finals, warnings, job };
}

/** Every ledger record the store is asked for from now on, in order. */
function ledgerReads(store: StateStore): string[] {
  const reads: string[] = [];
  const get = store.get.bind(store);
  store.get = async (key: string) => {
    if (key.startsWith("ledger:")) reads.push(key);
    return get(key);
  };
  return reads;
}

describe("deliver", () => {
  it("posts a finished job once, with its files, then records it delivered and settles it", async () => {
    const s = await setup();
    const e = await s.job("j1", "done", {
      upstreamId: "req_1",
      text: "a caption",
      outputUrls: [
        "https://cdn.thetaedgecloud.com/out/My%20Fox%20(1).png",
        "https://cdn.thetaedgecloud.com/",
      ],
      cost: { amount: 0.01, currency: "USD", source: "theta" },
    });
    const r = await deliver(s.deps, e, "success", "image");
    expect(s.sink.posted).toHaveLength(1);
    const { result, media } = s.sink.posted[0]!;
    expect(result).toEqual({
      jobId: "j1",
      outcome: "success",
      title: "Job j1",
      text: "a caption",
      upstreamId: "req_1",
      outputUrls: e.outputUrls,
      cost: { amount: 0.01, currency: "USD", source: "theta" },
      error: undefined,
    });
    expect(media.map((m) => [m.url, m.filename, m.contentType])).toEqual([
      [e.outputUrls![0], "My_Fox__1_.png", "application/octet-stream"],
      [e.outputUrls![1], "output", "application/octet-stream"],
    ]);
    expect(r).toEqual({ kind: "done", result });
    const final = await s.ledger.get("j1");
    expect(final).toMatchObject({ state: "delivered", outcome: "success" });
    expect(final?.deliveredAt).toBeGreaterThan(0);
    expect(s.finals.map((f) => f.state)).toEqual(["delivered"]);
    // Delivered for good: the lease is left to lapse (no run can need it again), one command saved.
    expect(await s.store.get("lease:deliver:j1")).not.toBeNull();
  });

  it("long file names are cut to 100 characters", async () => {
    const s = await setup();
    const e = await s.job("j2", "done", {
      outputUrls: [`https://cdn.thetaedgecloud.com/${"a".repeat(150)}.png`],
    });
    await deliver(s.deps, e, "success", "image");
    expect(s.sink.posted[0]?.media[0]?.filename).toBe("a".repeat(100));
  });

  it("attaches no files when asked not to, or when the job did not succeed", async () => {
    const s = await setup();
    const urls = ["https://cdn.thetaedgecloud.com/x.png"];
    await deliver(s.deps, await s.job("a", "done", { outputUrls: urls }), "success", "image", false);
    await deliver(s.deps, await s.job("b", "done", { outputUrls: urls }), "timeout", "image");
    expect(s.sink.posted.map((p) => p.media.length)).toEqual([0, 0]);
    expect(s.sink.posted[1]?.result).toMatchObject({ outcome: "timeout", outputUrls: urls });
  });

  it("a job already delivered by another run is not posted again", async () => {
    const s = await setup();
    const e = await s.job("j3", "done");
    await deliver(s.deps, e, "success", "image");
    const again = await deliver(s.deps, e, "success", "image");
    expect(again).toEqual({ kind: "done", result: { state: "delivered" } });
    expect(s.sink.posted).toHaveLength(1);
    expect(s.finals).toHaveLength(1);
  });

  it("a run that finds the job delivering (its predecessor died) reads it once and posts it", async () => {
    const s = await setup();
    const e = await s.job("j4", "delivering");
    // A new process: nothing of this job is cached, every read reaches the store.
    const reads = ledgerReads(s.store);
    await deliver({ ...s.deps, ledger: new Ledger(s.store) }, e, "success", "image");
    expect(s.sink.posted).toHaveLength(1);
    expect(reads).toEqual(["ledger:j4"]);
    expect((await s.ledger.get("j4"))?.state).toBe("delivered");
  });

  it("a fresh delivery claims under the lease and never reads the record back", async () => {
    const s = await setup();
    const e = await s.job("j8", "done");
    const reads = ledgerReads(s.store);
    await deliver(s.deps, e, "success", "image");
    expect(s.sink.posted).toHaveLength(1);
    expect(reads).toEqual([]);
  });

  it("a run with a stale `done` view posts a job its dead predecessor had claimed", async () => {
    const s = await setup();
    const stale = await s.job("j9", "done");
    await s.ledger.transition("j9", ["done"], "delivering"); // claimed, then that run died before posting
    await deliver(s.deps, stale, "success", "image");
    expect(s.sink.posted).toHaveLength(1);
    expect((await s.ledger.get("j9"))?.state).toBe("delivered");
  });

  it("while another live run holds the delivery lease it waits and posts nothing", async () => {
    const s = await setup();
    const e = await s.job("j5", "done");
    await s.store.setIfAbsent("lease:deliver:j5", "other-run", 10_000);
    expect(await deliver(s.deps, e, "success", "image")).toEqual({ kind: "delay", delayMs: LEASE_MS / 3 });
    expect(s.sink.posted).toEqual([]);
  });

  it("a run holding a stale view does not post what the lease holder before it already posted", async () => {
    const s = await setup();
    const stale = await s.job("j6", "delivering");
    await s.ledger.transition("j6", ["delivering"], "delivered");
    const r = await deliver(s.deps, stale, "success", "image");
    expect(r).toEqual({ kind: "done", result: { state: "delivered" } });
    expect(s.sink.posted).toEqual([]);
  });

  it("a failing settlement hook is logged and never undoes the delivery", async () => {
    const s = await setup(() => {
      throw new Error("budget store down");
    });
    await deliver(s.deps, await s.job("j7", "done"), "success", "image");
    expect(s.sink.posted).toHaveLength(1);
    expect((await s.ledger.get("j7"))?.state).toBe("delivered");
    expect(s.warnings).toEqual(["final-state hook failed"]);
  });
});

describe("finish", () => {
  it("ends the job, settles it and tells the requester why", async () => {
    const s = await setup();
    const e = await s.job("f1", "submitted", { upstreamId: "req_9" });
    const error = { code: "theta_request_failed", message: "flux failed on Theta: out of memory" };
    const r = await finish(s.deps, e, "failed", error);
    const moved = await s.ledger.get("f1");
    expect(moved).toMatchObject({ state: "failed", outcome: "failed", error });
    expect(s.sink.posted).toEqual([{ result: resultOf(moved!, "failed"), media: [] }]);
    expect(s.sink.posted[0]?.result.error).toEqual(error);
    expect(r).toEqual({ kind: "done", result: resultOf(moved!, "failed") });
    expect(s.finals.map((f) => f.state)).toEqual(["failed"]);
  });

  it("a deadline is a timeout; cancelled and ambiguous keep their names", async () => {
    const s = await setup();
    await finish(s.deps, await s.job("t", "submitted"), "failed", { code: "job_deadline", message: "late" });
    await finish(s.deps, await s.job("c", "queued"), "cancelled", { code: "cancelled", message: "by you" });
    await finish(s.deps, await s.job("a", "submitting"), "ambiguous", {
      code: "ambiguous_submission",
      message: "?",
    });
    await finish(s.deps, await s.job("d", "queued"), "ambiguous", { code: "job_deadline", message: "?" });
    expect(s.sink.posted.map((p) => p.result.outcome)).toEqual([
      "timeout",
      "cancelled",
      "ambiguous",
      "ambiguous",
    ]);
  });

  it("a job that moved on meanwhile is left alone and nothing is posted", async () => {
    const s = await setup();
    const e = await s.job("m", "submitted");
    await s.ledger.transition("m", ["submitted"], "done");
    const r = await finish(s.deps, e, "failed", { code: "x", message: "y" });
    expect(r).toEqual({ kind: "done", result: { state: "done" } });
    expect(s.sink.posted).toEqual([]);
    expect(s.finals).toEqual([]);
  });
});

describe("errorInfo", () => {
  it("keeps the bot's own errors and hides anything else behind a stable code", () => {
    expect(errorInfo(new Error("ECONNRESET at socket 0x1f"))).toEqual({
      code: "internal_error",
      message: "An unexpected error stopped this job; the operator's log has the details.",
    });
  });
});
