import { type FileHandle, mkdir, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { JobCard, JobOrigin, JobResult } from "../core/present/job-card.js";
import type { Delivery, MediaItem, PrivateMessage } from "./delivery.js";

/** Where a result goes when the asked-for folder cannot take it: next to it, else the temp dir. */
function fallbacks(outDir: string, jobId: string): string[] {
  const abs = resolve(outDir);
  return [join(dirname(abs), `${basename(abs)}-${jobId}`), join(tmpdir(), `theta-bot-${jobId}`)];
}

async function createIn(dir: string, name: string): Promise<{ path: string; handle: FileHandle }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  return { path, handle: await open(path, "wx") };
}

/**
 * The operator CLI's delivery: progress on stderr (TTY only), result files written to --out.
 * A paid result is never dropped: when --out cannot take it (a file of that name, no permission,
 * a full disk) it is written next to it, else to the temp dir, and `notes` says where.
 */
export class CliDelivery implements Delivery {
  readonly written = new Map<string, string[]>();
  readonly results = new Map<string, JobResult>();
  readonly notes: string[] = [];

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

  /** The operator is the requester: private messages go to stderr. */
  async postPrivate(_origin: JobOrigin, message: PrivateMessage): Promise<void> {
    this.stderr.write(`\n${message.title}\n${message.text}\n`);
  }

  async postResult(_origin: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void> {
    if (this.stderr.isTTY) this.stderr.write("\r\x1b[2K");
    this.results.set(result.jobId, result);
    const paths: string[] = [];
    for (const [i, m] of media.entries()) {
      const name = `${result.jobId}-${i + 1}-${basename(m.filename)}`;
      const dest = await this.destination(result.jobId, name);
      try {
        await pipeline(await m.open(), dest.handle.createWriteStream());
      } finally {
        await dest.handle.close().catch(() => {});
      }
      paths.push(dest.path);
    }
    this.written.set(result.jobId, paths);
  }

  private async destination(jobId: string, name: string) {
    let firstError: unknown;
    for (const dir of [resolve(this.outDir), ...fallbacks(this.outDir, jobId)]) {
      try {
        const dest = await createIn(dir, name);
        if (firstError !== undefined) {
          const why = (firstError as NodeJS.ErrnoException).code ?? String(firstError);
          this.notes.push(`could not write into ${this.outDir} (${why}); saved ${dest.path} instead`);
        }
        return dest;
      } catch (err) {
        firstError ??= err;
      }
    }
    throw firstError;
  }
}
