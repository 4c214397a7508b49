import { open, seal } from "../../core/policy/crypto.js";
import type { StateStore } from "../../core/store/index.js";

/** Where a job's card lives: the interaction webhook message, usable for 15 minutes. */
export interface CardRef {
  appId: string;
  token: string;
  messageId: string;
  sizeLimit: number;
  createdAt: number;
}

/** What the store keeps: the interaction token only sealed (AES-256-GCM, BOT_ENCRYPTION_KEY). */
interface StoredCard {
  appId: string;
  messageId: string;
  sizeLimit: number;
  createdAt: number;
  sealedToken?: string;
}

const CARD_TTL_MS = 16 * 60 * 1000;
export const cardKey = (jobId: string) => `discord:card:${jobId}`;

/** Without an encryption key the token stays in this process only (a worker elsewhere posts to the channel). */
const inProcess = new Map<string, { token: string; until: number }>();

function forgetExpired(now: number): void {
  for (const [id, t] of inProcess) if (t.until < now) inProcess.delete(id);
}

/**
 * Saves a job card's location. An interaction token lets anyone post as the app for 15 minutes,
 * so it is never stored in clear: sealed with the encryption key (bound to the card's key), or,
 * without one, kept in memory only.
 */
export async function saveCard(
  store: StateStore,
  jobId: string,
  ref: CardRef,
  key: Buffer | undefined,
  now = Date.now(),
): Promise<void> {
  const { token, ...rest } = ref;
  const stored: StoredCard = { ...rest, ...(key ? { sealedToken: seal(key, token, cardKey(jobId)) } : {}) };
  if (!key) {
    forgetExpired(now);
    inProcess.set(jobId, { token, until: now + CARD_TTL_MS });
  }
  await store.set(cardKey(jobId), JSON.stringify(stored), { ttlMs: CARD_TTL_MS });
}

/** The card's location with its token, or undefined when it is gone or its token is not available here. */
export async function loadCard(
  store: StateStore,
  jobId: string,
  key: Buffer | undefined,
): Promise<CardRef | undefined> {
  const raw = await store.get(cardKey(jobId));
  if (!raw) return undefined;
  const { sealedToken, ...rest } = JSON.parse(raw) as StoredCard;
  let token: string | undefined;
  if (sealedToken && key) {
    try {
      token = open(key, sealedToken, cardKey(jobId));
    } catch {
      token = undefined; // sealed under another key: post to the channel instead
    }
  } else token = inProcess.get(jobId)?.token;
  return token ? { ...rest, token } : undefined;
}
