// @ts-nocheck
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { JobCard, JobOrigin, JobResult } from "../core/present/job-card.js";
import type { Delivery, MediaItem } from "./delivery.js";

/** The operator CLI's delivery: progress on stderr (TTY only), result files written to --out. */
export class CliDelivery implements Delivery {
  readonly written = new Map<string, string[]>();
  readonly results = new Map<string, JobResult>();

  constructor(
    private readonly outDir: string,
    private readonly stderr: NodeJS.WriteStream,
  ) {}

  async postProgress(_origin: JobOrigin, card: JobCard): Promise<void> {
    if (!this.stderr.isTTY) return;
    const pct = card.percent === undefined ? "" : ` ${Math.round(card.percent)}%`;
    const pos = card.queuePosition ? ` (#${card.queuePosition} in queue)` : "";
    this.stderr.write(
      `\r\x1b[2K⏳ ${card.title}: ${card.stage}${pct}${pos}${card.message ? ` — ${card.message}` : ""}`,
    );
  }

  async postResult(_origin: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void> {
    if (this.stderr.isTTY) this.stderr.write("\r\x1b[2K");
    this.results.set(result.jobId, result);
    const paths: string[] = [];
    if (media.length) await mkdir(this.outDir, { recursive: true });
    for (const [i, m] of media.entries()) {
      const path = resolve(join(this.outDir, `${result.jobId}-${i + 1}-${m.filename}`));
      await pipeline(await m.open(), createWriteStream(path));
      paths.push(path);
    }
    this.written.set(result.jobId, paths);
  }
}
