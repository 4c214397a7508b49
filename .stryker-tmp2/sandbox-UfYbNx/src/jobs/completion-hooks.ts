// @ts-nocheck
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../config.js";
import type { Logger } from "../core/logger.js";
import type { StateStore } from "../core/store/index.js";
import type { JobQueue } from "./queue/job-queue.js";

/**
 * Theta completion webhooks. Each on-demand request names `PUBLIC_URL/hooks/theta/<job>/<token>`,
 * where the token is an HMAC of the job id, so only Theta (who was told the URL) can call it. The
 * call itself is never trusted: it only wakes the job, whose next step re-fetches the request from
 * Theta. Duplicate, late, forged and out-of-order calls therefore change nothing.
 */
export type WebhookSettings = NonNullable<Config["webhooks"]>;

const PATH = /^\/hooks\/theta\/([^/]{1,200})\/([A-Za-z0-9_-]{32})$/;
const POKE_TTL_MS = 60 * 60 * 1000;

export const pokeKey = (jobId: string) => `hook:poke:${jobId}`;

export function hookToken(key: Buffer, jobId: string): string {
  return createHmac("sha256", key).update(`theta-hook:${jobId}`).digest("base64url").slice(0, 32);
}

export function hookUrl(w: WebhookSettings, jobId: string): string {
  return `${w.publicUrl}/hooks/theta/${encodeURIComponent(jobId)}/${hookToken(w.key, jobId)}`;
}

/** The job a webhook path names, when its token is right; undefined otherwise (forged or malformed). */
export function verifiedJob(key: Buffer, path: string): string | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  let jobId: string;
  try {
    jobId = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  const want = Buffer.from(hookToken(key, jobId));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got) ? jobId : undefined;
}

export const isHookPath = (path: string) => path.startsWith("/hooks/theta/");

export interface HookDeps {
  settings: WebhookSettings;
  store: StateStore;
  queue: JobQueue;
  logger: Logger;
}

/**
 * Handles one webhook call; returns the HTTP status. A valid call leaves a poke for a job that is
 * running right now (its next delay becomes 0) and wakes a delayed job at once.
 */
export async function handleCompletionHook(d: HookDeps, path: string): Promise<number> {
  const jobId = verifiedJob(d.settings.key, path);
  if (!jobId) return 404;
  try {
    await d.store.set(pokeKey(jobId), "1", { ttlMs: POKE_TTL_MS });
    const woke = await d.queue.wake(jobId);
    d.logger.debug({ job: jobId, woke }, "completion webhook");
    return 202;
  } catch (err) {
    d.logger.warn({ err, job: jobId }, "completion webhook could not be recorded");
    return 503; // Theta retries webhooks; the safety-net poll covers the rest
  }
}

/**
 * The delay before a submitted job's next status check: the usual back-off without webhooks; with
 * them, the slow safety-net interval, or 0 when a webhook arrived while this step was running.
 */
export async function nextPollDelay(
  config: Pick<Config, "jobs" | "webhooks">,
  store: StateStore,
  jobId: string,
  normalMs: number,
): Promise<number> {
  const w = config.webhooks;
  if (!w) return normalMs;
  if ((await store.get(pokeKey(jobId))) !== null) {
    await store.delete(pokeKey(jobId));
    return 0;
  }
  return Math.max(normalMs, w.safetyPollMs);
}
