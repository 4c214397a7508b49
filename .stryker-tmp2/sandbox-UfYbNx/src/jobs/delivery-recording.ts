// @ts-nocheck
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import type { JobCard, JobOrigin, JobResult } from "../core/present/job-card.js";
import type { StateStore } from "../core/store/index.js";
import type { Delivery, MediaItem } from "./delivery.js";

export interface RecordedResult {
  jobId: string;
  outcome: string;
  result: JobResult;
  files: Array<{ filename: string; bytes: number; sha256: string }>;
  at: number;
}

/**
 * A sink that records what a platform would have posted (tests, benchmarks, dry deployments).
 * It streams every media item through a hash, so it exercises the same fetch path a real
 * platform does without holding files in memory. With `file`, results are also appended as JSON
 * lines, so several processes can be checked together.
 */
export class RecordingDelivery implements Delivery {
  readonly cards: JobCard[] = [];
  readonly results: RecordedResult[] = [];

  constructor(private readonly opts: { file?: string; consumeMedia?: boolean } = {}) {}

  async postProgress(_origin: JobOrigin, card: JobCard): Promise<void> {
    this.cards.push(card);
  }

  async postResult(_origin: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void> {
    const files: RecordedResult["files"] = [];
    if (this.opts.consumeMedia !== false) {
      for (const m of media) {
        const hash = createHash("sha256");
        let bytes = 0;
        for await (const chunk of await m.open()) {
          hash.update(chunk as Buffer);
          bytes += (chunk as Buffer).length;
        }
        files.push({ filename: m.filename, bytes, sha256: hash.digest("hex") });
      }
    }
    const rec = { jobId: result.jobId, outcome: result.outcome, result, files, at: Date.now() };
    this.results.push(rec);
    if (this.opts.file) appendFileSync(this.opts.file, `${JSON.stringify(rec)}\n`);
  }
}

/**
 * Makes any delivery idempotent by job id across processes: a result already posted for a job
 * is not posted again (a worker that crashed mid-delivery is followed by one that skips it).
 */
export class IdempotentDelivery implements Delivery {
  constructor(
    private readonly inner: Delivery,
    private readonly store: StateStore,
  ) {}

  postProgress(origin: JobOrigin, card: JobCard) {
    return this.inner.postProgress(origin, card);
  }

  async postResult(origin: JobOrigin, result: JobResult, media: MediaItem[]) {
    const key = `posted:${result.jobId}`;
    if ((await this.store.get(key)) !== null) return;
    await this.inner.postResult(origin, result, media);
    await this.store.set(key, String(Date.now()), { ttlMs: 30 * 24 * 3600 * 1000 });
  }
}
