// @ts-nocheck
import { webApi } from "@slack/bolt";
import { request } from "undici";
import { BotError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { JobCard, JobOrigin, JobResult } from "../../core/present/job-card.js";
import type { StateStore } from "../../core/store/index.js";
import type { Delivery, MediaItem } from "../../jobs/delivery.js";
import { fetchMedia } from "../../jobs/media.js";
import { jobCardBlocks, resultBlocks } from "./blocks.js";

export interface SlackCardRef {
  channel: string;
  ts: string;
}
const cardKey = (jobId: string) => `slack:card:${jobId}`;
const IMAGE = /\.(png|jpe?g|webp|gif)(\?|$)/i;

export async function saveSlackCard(store: StateStore, jobId: string, ref: SlackCardRef): Promise<void> {
  await store.set(cardKey(jobId), JSON.stringify(ref), { ttlMs: 7 * 24 * 3600 * 1000 });
}

/** Resolves the bot token for a workspace (single-workspace token, or the stored installation's). */
export type TokenFor = (origin: JobOrigin) => Promise<string>;

/**
 * Slack delivery with the bot token (no 30-minute response_url limits): the job card is updated
 * with chat.update; outputs go through the external upload flow (getUploadURLExternal → upload →
 * completeUploadExternal) into the card's thread, streamed when Theta gives the size.
 */
export class SlackDelivery implements Delivery {
  constructor(
    private readonly tokenFor: TokenFor,
    private readonly apiUrl: string | undefined,
    private readonly store: StateStore,
    private readonly media: { outputHosts: readonly string[]; maxBytes: number },
    private readonly logger: Logger,
  ) {}

  private async client(origin: JobOrigin): Promise<webApi.WebClient> {
    return new webApi.WebClient(await this.tokenFor(origin), {
      ...(this.apiUrl ? { slackApiUrl: this.apiUrl } : {}),
      retryConfig: { retries: 3, minTimeout: 100, maxTimeout: 2000 },
    });
  }

  private async card(jobId: string): Promise<SlackCardRef | undefined> {
    const raw = await this.store.get(cardKey(jobId));
    return raw ? (JSON.parse(raw) as SlackCardRef) : undefined;
  }

  async postProgress(origin: JobOrigin, card: JobCard): Promise<void> {
    const ref = await this.card(card.jobId);
    if (!ref) return;
    await (await this.client(origin)).chat.update({
      channel: ref.channel,
      ts: ref.ts,
      ...jobCardBlocks(card),
    });
  }

  /** One file through the external upload flow; returns its id, or undefined when it is too large. */
  private async upload(web: webApi.WebClient, m: MediaItem): Promise<string | undefined> {
    let media: Awaited<ReturnType<typeof fetchMedia>>;
    try {
      media = await fetchMedia(m.url, { outputHosts: this.media.outputHosts, maxBytes: this.media.maxBytes });
    } catch (err) {
      if (err instanceof BotError && err.code === "media_too_large") return undefined;
      throw err;
    }
    let body: Buffer | NodeJS.ReadableStream = media.stream;
    let length = media.size;
    if (length === undefined) {
      // No Content-Length: Slack needs the length up front, so this (capped) one is read first.
      const chunks: Buffer[] = [];
      for await (const c of media.stream) chunks.push(c as Buffer);
      body = Buffer.concat(chunks);
      length = body.length;
    }
    const target = await web.files.getUploadURLExternal({ filename: media.filename, length });
    const res = await request(target.upload_url!, {
      method: "POST",
      body: body as never,
      headers: { "content-type": media.contentType, "content-length": String(length) },
    });
    await res.body.dump();
    if (res.statusCode !== 200) {
      throw new BotError({
        code: "delivery_failed",
        family: "jobs",
        retriable: true,
        message: `Slack refused the upload (${res.statusCode}).`,
      });
    }
    return target.file_id;
  }

  async postResult(origin: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void> {
    const web = await this.client(origin);
    const ref = await this.card(result.jobId);
    const channel = ref?.channel ?? origin.channelId;
    if (!channel)
      throw new BotError({
        code: "delivery_no_channel",
        family: "jobs",
        message: "No channel to post the result to.",
      });
    const files: Array<{ id: string; title: string }> = [];
    // Outputs that are not files to attach (e.g. a video's playback links) are always shown as links.
    const linked: string[] = media.length === 0 ? [...result.outputUrls] : [];
    for (const m of media) {
      const id = await this.upload(web, m);
      if (id) files.push({ id, title: m.filename });
      else linked.push(m.url);
    }
    const image = result.outputUrls.find((u) => IMAGE.test(new URL(u).pathname));
    const msg = resultBlocks(result, linked, image);
    if (ref) await web.chat.update({ channel: ref.channel, ts: ref.ts, ...msg });
    else
      await web.chat.postMessage({
        channel,
        ...msg,
        ...(origin.threadId ? { thread_ts: origin.threadId } : {}),
      });
    if (files.length) {
      await web.files.completeUploadExternal({
        files: files as [{ id: string; title: string }],
        channel_id: channel,
        ...(ref ? { thread_ts: ref.ts } : origin.threadId ? { thread_ts: origin.threadId } : {}),
        initial_comment: `<@${origin.userId}> ${result.title}`,
      });
    }
    this.logger.debug(
      { job: result.jobId, files: files.length, linked: linked.length },
      "slack result posted",
    );
  }
}
