import { QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { JobEvent, JobEventName, JobProgress } from "./job-queue.js";
import { decodeFailure, settlesWithin } from "./queue-support.js";

const MAX_NAMES = 10_000;
/** failedReason code of a job that ended cancelled (see bullmq-worker.ts). */
export const CANCELLED_CODE = "cancelled";

/**
 * Carries BullMQ's event stream (all processes) to the port's listeners, and progress from the
 * workers' progress channel (pub/sub: progress is only for whoever listens at the time). QueueEvents
 * events carry no job name, so names are remembered from "added" events and looked up on a miss.
 * Delivery is serialised so listeners see each job's events in the order they arrived.
 */
export class BullmqEventBridge {
  private readonly qe: QueueEvents;
  private readonly sub: Redis;
  private readonly names = new Map<string, string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    opts: {
      queueName: string;
      prefix: string;
      connection: Redis;
      progressChannel: string;
      onError: (err: Error) => void;
    },
    private readonly lookupName: (jobId: string) => Promise<string | null>,
    private readonly emit: (event: JobEventName, e: JobEvent) => void,
  ) {
    // Start from "now" (same clock as Redis on one host) so the first XREAD cannot miss events
    // added between on() and the reader's start; a small skew only replays or skips a few ms.
    this.qe = new QueueEvents(opts.queueName, {
      connection: opts.connection,
      prefix: opts.prefix,
      lastEventId: `${Date.now()}-0`,
    });
    this.qe.on("error", opts.onError);
    this.qe.on("added", ({ jobId, name }) => this.remember(jobId, name));
    // Workers of an older version still report progress on the stream.
    this.qe.on("progress", ({ jobId, data }) =>
      this.deliver("progress", jobId, { progress: data as unknown as JobProgress }),
    );
    this.sub = opts.connection.duplicate();
    this.sub.on("error", opts.onError);
    this.sub.on("message", (_channel: string, message: string) => {
      const m = parseProgress(message);
      if (m) this.deliver("progress", m.jobId, { progress: m.progress });
    });
    this.sub.subscribe(opts.progressChannel).catch(opts.onError);
    this.qe.on("completed", ({ jobId, returnvalue }) =>
      this.deliver("completed", jobId, { result: returnvalue }, true),
    );
    this.qe.on("failed", ({ jobId, failedReason }) => {
      const error = decodeFailure(failedReason);
      if (error.code === CANCELLED_CODE) this.deliver("cancelled", jobId, {}, true);
      else this.deliver("failed", jobId, { error }, true);
    });
    // Only cancel() removes jobs (retention trims silently), so a removal is a cancellation.
    this.qe.on("removed", ({ jobId }) => this.deliver("cancelled", jobId, {}, true));
  }

  /** Bounded: when Redis is unreachable QueueEvents waits for a connection forever, so drop it. */
  async close(): Promise<void> {
    this.sub.disconnect();
    const closing = this.qe.close();
    if (!(await settlesWithin(closing, 1000))) {
      await settlesWithin(this.qe.backend.connection.close(true), 1000);
      await settlesWithin(closing, 1000);
    }
  }

  private remember(jobId: string, name: string): void {
    this.names.set(jobId, name);
    if (this.names.size > MAX_NAMES) this.names.delete(this.names.keys().next().value!);
  }

  private deliver(event: JobEventName, jobId: string, extra: Partial<JobEvent>, last = false): void {
    this.chain = this.chain.then(async () => {
      let name = this.names.get(jobId);
      if (name === undefined) {
        name = (await this.lookupName(jobId).catch(() => null)) ?? "";
        if (name && !last) this.remember(jobId, name);
      }
      if (last) this.names.delete(jobId);
      this.emit(event, { jobId, name, ...extra });
    });
  }
}

/** A progress message as the workers publish it, or undefined for anything else. */
function parseProgress(message: string): { jobId: string; progress: JobProgress } | undefined {
  try {
    const m = JSON.parse(message) as { jobId?: unknown; progress?: unknown };
    if (typeof m.jobId !== "string" || typeof m.progress !== "object" || m.progress === null)
      return undefined;
    return { jobId: m.jobId, progress: m.progress as JobProgress };
  } catch {
    return undefined;
  }
}
