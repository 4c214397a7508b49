// @ts-nocheck
import { type REST, Routes } from "discord.js";
import { BotError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { JobCard, JobOrigin, JobResult } from "../../core/present/job-card.js";
import type { StateStore } from "../../core/store/index.js";
import type { Delivery, MediaItem } from "../../jobs/delivery.js";
import { fetchMediaBuffer } from "../../jobs/media.js";
import { jobCardMessage, resultMessage } from "./render.js";

/** Where a job's card lives: the interaction webhook message, usable for 15 minutes. */
export interface CardRef {
  appId: string;
  token: string;
  messageId: string;
  sizeLimit: number;
  createdAt: number;
}

export const INTERACTION_WINDOW_MS = 14 * 60 * 1000;
const cardKey = (jobId: string) => `discord:card:${jobId}`;
const IMAGE = /\.(png|jpe?g|webp|gif)(\?|$)/i;

export async function saveCard(store: StateStore, jobId: string, ref: CardRef): Promise<void> {
  await store.set(cardKey(jobId), JSON.stringify(ref), { ttlMs: 16 * 60 * 1000 });
}

/**
 * Posts job cards and results with REST only (so any worker can), through the interaction token
 * for its first 14 minutes and the bot token in the channel after that (or after a restart).
 * Files go as attachments when they fit the interaction's size limit, else as links.
 */
export class DiscordDelivery implements Delivery {
  constructor(
    private readonly rest: REST,
    private readonly store: StateStore,
    private readonly media: { outputHosts: readonly string[]; maxBytes: number },
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private async card(jobId: string): Promise<CardRef | undefined> {
    const raw = await this.store.get(cardKey(jobId));
    const ref = raw ? (JSON.parse(raw) as CardRef) : undefined;
    return ref && this.now() - ref.createdAt < INTERACTION_WINDOW_MS ? ref : undefined;
  }

  async postProgress(_origin: JobOrigin, card: JobCard): Promise<void> {
    const ref = await this.card(card.jobId);
    if (!ref) return; // the card can no longer be edited; the result still goes to the channel
    await this.rest.patch(Routes.webhookMessage(ref.appId, ref.token, ref.messageId), {
      body: jobCardMessage(card),
      auth: false,
    });
  }

  async postResult(origin: JobOrigin, result: JobResult, media: MediaItem[]): Promise<void> {
    const ref = await this.card(result.jobId);
    const limit = ref?.sizeLimit ?? 10 * 1024 * 1024;
    const files: Array<{ name: string; data: Buffer }> = [];
    // Outputs that are not files to attach (e.g. a video's playback links) are always shown as links.
    const linked: string[] = media.length === 0 ? [...result.outputUrls] : [];
    for (const m of media) {
      try {
        const { bytes } = await fetchMediaBuffer(m.url, {
          outputHosts: this.media.outputHosts,
          maxBytes: Math.min(limit, this.media.maxBytes),
        });
        files.push({ name: m.filename, data: bytes });
      } catch (err) {
        if (!(err instanceof BotError && err.code === "media_too_large")) throw err;
        linked.push(m.url);
      }
    }
    const isImage = result.outputUrls.some((u) => IMAGE.test(new URL(u).pathname));
    const body = {
      ...resultMessage(result, linked, isImage),
      attachments: files.map((f, id) => ({ id, filename: f.name })),
    };
    if (ref) {
      await this.rest.patch(Routes.webhookMessage(ref.appId, ref.token, ref.messageId), {
        body,
        files,
        auth: false,
      });
      return;
    }
    if (!origin.channelId)
      throw new BotError({
        code: "delivery_no_channel",
        family: "jobs",
        message: "No channel to post the result to.",
      });
    this.logger.info({ job: result.jobId }, "interaction window over: posting the result to the channel");
    await this.rest.post(Routes.channelMessages(origin.channelId), {
      body: { ...body, content: `<@${origin.userId}>`, allowed_mentions: { users: [origin.userId] } },
      files,
    });
  }
}
