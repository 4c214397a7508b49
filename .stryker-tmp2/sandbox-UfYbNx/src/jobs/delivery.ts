// @ts-nocheck
import type { Readable } from "node:stream";
import { BotError } from "../core/errors.js";
import type { JobCard, JobOrigin, JobResult } from "../core/present/job-card.js";

/** One output file, streamed from Theta; `url` is the link to use when it cannot be attached. */
export interface MediaItem {
  url: string;
  filename: string;
  contentType: string;
  size?: number | undefined;
  /** Opens the stream (lazily, so a link-only delivery never downloads it). */
  open(): Promise<Readable>;
}

/**
 * Implemented per platform. Both calls carry an idempotency key (the job id): a platform that is
 * asked twice for the same key (a worker crashed mid-delivery and another took over) must not post
 * twice — it records what it posted and returns early.
 */
export interface Delivery {
  postProgress(origin: JobOrigin, card: JobCard): Promise<void>;
  postResult(origin: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void>;
}

/** Routes each job's output to the delivery of the platform it came from. */
export class DeliveryRouter implements Delivery {
  private readonly byPlatform = new Map<string, Delivery>();

  register(platform: JobOrigin["platform"], d: Delivery): this {
    this.byPlatform.set(platform, d);
    return this;
  }

  has(platform: string): boolean {
    return this.byPlatform.has(platform);
  }

  private of(origin: JobOrigin): Delivery {
    const d = this.byPlatform.get(origin.platform);
    if (!d) {
      throw new BotError({
        code: "delivery_unavailable",
        family: "jobs",
        retriable: true,
        message: `This worker cannot post to ${origin.platform}: its adapter is not configured here. Start a worker with that platform's credentials.`,
      });
    }
    return d;
  }

  postProgress(origin: JobOrigin, card: JobCard) {
    return this.of(origin).postProgress(origin, card);
  }

  postResult(origin: JobOrigin, result: JobResult, media: MediaItem[]) {
    return this.of(origin).postResult(origin, result, media);
  }
}
