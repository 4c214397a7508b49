import { randomUUID } from "node:crypto";
import { loadConfig } from "../../src/config.js";
import { EnvCredentialProvider } from "../../src/core/credentials/provider.js";
import { createLogger } from "../../src/core/logger.js";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import type { Delivery } from "../../src/jobs/delivery.js";
import { RecordingDelivery } from "../../src/jobs/delivery-recording.js";
import { Ledger, type LedgerEntry, type LedgerState } from "../../src/jobs/ledger.js";
import type { JobDeps } from "../../src/jobs/processors/deps.js";
import { type VideoJobData, videoStep } from "../../src/jobs/processors/video.js";
import type { JobContext, JobProgress, StepResult } from "../../src/jobs/queue/job-queue.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { doubleEnv } from "../helpers/theta-runtime.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/**
 * Runs single steps of a Theta Video job against the Theta double, as the queue would, recording
 * what the requester sees (cards, results) and what queue listeners see (progress events).
 */
export const origin: JobOrigin = { platform: "test", tenantId: "t1", userId: "u1" };
export const CREATE = "/video/video";

/** A real ledger on which a test can make something else happen just before a given move (a race). */
export class RacingLedger extends Ledger {
  private before = new Map<LedgerState, () => Promise<void>>();

  /** Runs `f` once, right before this ledger is next asked to move a job to `to`. */
  beforeMoveTo(to: LedgerState, f: () => Promise<void>): void {
    this.before.set(to, f);
  }

  override async transition(
    id: string,
    from: readonly LedgerState[],
    to: LedgerState,
    patch?: Partial<LedgerEntry>,
  ): Promise<LedgerEntry | null> {
    const f = this.before.get(to);
    this.before.delete(to);
    await f?.();
    return super.transition(id, from, to, patch);
  }
}

/** What JobService.cancel does when no queue entry holds the job: the ledger is ended directly. */
export const cancelInLedger = (ledger: Ledger, id: string) =>
  ledger.transition(id, ["queued", "submitting", "submitted", "done"], "cancelled", {
    outcome: "cancelled",
    error: { code: "job_cancelled", message: "Cancelled." },
  });

export interface VideoHarness {
  ledger: RacingLedger;
  sink: RecordingDelivery;
  /** Progress events per job id, as queue listeners (the CLI) receive them. */
  events: Map<string, JobProgress[]>;
  /** A fresh job id (progress cards are throttled per id, so tests never share one). */
  id(name: string): string;
  job(id: string, data?: Partial<VideoJobData>, o?: JobOrigin): Promise<VideoJobData>;
  step(id: string, data: VideoJobData, signal?: AbortSignal): Promise<StepResult>;
  get(id: string): Promise<LedgerEntry>;
}

export async function videoHarness(
  double: ThetaDouble,
  opened: OpenedStore[],
  delivery?: (sink: RecordingDelivery) => Delivery,
): Promise<VideoHarness> {
  const o = await openEmbedded();
  opened.push(o);
  const config = loadConfig(
    doubleEnv(double, {
      LOG_LEVEL: "silent",
      JOB_POLL_BASE_MS: "1000",
      JOB_POLL_MAX_MS: "10000",
      THETA_HTTP_MAX_RETRIES: "0",
    }),
  );
  const ledger = new RacingLedger(o.store);
  const sink = new RecordingDelivery();
  const deps: JobDeps = {
    config,
    ledger,
    credentials: new EnvCredentialProvider(config),
    delivery: delivery ? delivery(sink) : sink,
    logger: createLogger("silent"),
  };
  const events = new Map<string, JobProgress[]>();
  return {
    ledger,
    sink,
    events,
    id: (name) => `${name}-${randomUUID().slice(0, 8)}`,
    async job(id, data = {}, o2 = origin) {
      const d: VideoJobData = { source: { uri: "https://example.com/clip.mp4" }, ...data };
      await ledger.create({ id, kind: "video", title: id, origin: o2, data: d });
      return d;
    },
    step: (id, data, signal = new AbortController().signal) =>
      videoStep(
        {
          id,
          name: "video",
          data,
          run: 1,
          recovered: false,
          progress: async (p: JobProgress) => {
            events.set(id, [...(events.get(id) ?? []), p]);
          },
          signal,
        } as JobContext<VideoJobData>,
        deps,
      ),
    get: async (id) => (await ledger.get(id)) as LedgerEntry,
  };
}

/** Makes the double answer the next status read of `videoId` with `video` (Theta's envelope). */
export function answerPoll(double: ThetaDouble, videoId: string, video: Record<string, unknown>): void {
  double.fault({
    method: "GET",
    path: `/video/video/${videoId}`,
    status: 200,
    times: 1,
    body: { status: "success", body: { videos: [{ id: videoId, ...video }] } },
  });
}

export const createdVideos = (double: ThetaDouble) =>
  double.requests.filter((r) => r.method === "POST" && r.path === CREATE);
