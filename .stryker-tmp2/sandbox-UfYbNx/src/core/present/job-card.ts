/**
 * Platform-neutral job presentation. Adapters render these (Discord embeds/components, Slack
 * Block Kit, CLI progress lines); the core never knows which.
 */
// @ts-nocheck

export type JobOutcome = "success" | "failed" | "cancelled" | "ambiguous" | "timeout";

/** Where a job came from and where its card and result go back to. */
export interface JobOrigin {
  platform: "cli" | "discord" | "slack" | "test";
  tenantId: string;
  userId: string;
  channelId?: string | undefined;
  threadId?: string | undefined;
  /** Platform-specific reply handle (interaction token, response_url id …); never a secret the bot keeps. */
  replyHandle?: string | undefined;
  locale?: string | undefined;
}

export interface JobCard {
  jobId: string;
  title: string;
  stage: string;
  percent?: number | undefined;
  queuePosition?: number | undefined;
  etaMs?: number | undefined;
  message?: string | undefined;
  /** The requester may cancel (shown as a button where the platform has them). */
  cancellable: boolean;
}

export interface JobResult {
  jobId: string;
  outcome: JobOutcome;
  title: string;
  text?: string | undefined;
  /** Theta's request/video id, for support. */
  upstreamId?: string | undefined;
  outputUrls: string[];
  cost?: { amount: number; currency: "USD" | "units"; source: string } | undefined;
  error?: { code: string; message: string } | undefined;
}

export const STAGE_LABEL: Record<string, string> = {
  queued: "Queued",
  uploading: "Uploading inputs",
  submitting: "Submitting to Theta",
  pending: "Waiting for a GPU",
  processing: "Generating",
  capacity: "Theta is at capacity — retrying",
  "rate-limited": "Rate limited — retrying",
  fetching: "Fetching the result",
  delivering: "Posting the result",
  "warming up": "Endpoint warming up",
  transcoding: "Transcoding",
};
