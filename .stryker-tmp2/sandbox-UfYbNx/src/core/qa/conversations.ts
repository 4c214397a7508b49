// @ts-nocheck
import { z } from "zod";
import type { Tenant } from "../credentials/provider.js";
import { keyPart, tenantKey } from "../policy/keys.js";
import type { StateStore } from "../store/index.js";
import type { Turn } from "./prompt.js";

const TTL_MS = 7 * 24 * 3600 * 1000;
const MAX_TURNS = 20;

const threadSchema = z.object({
  turns: z.array(z.object({ question: z.string(), answer: z.string() })),
  updatedAt: z.number(),
});

/** A damaged record reads as an empty thread (its context is lost, the conversation goes on). */
function parseThread(raw: string): z.infer<typeof threadSchema> | undefined {
  try {
    const r = threadSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

const KEY = (t: Tenant, threadId: string) => `qa:thread:${tenantKey(t)}:${keyPart(threadId, "thread")}`;

/**
 * Q&A threads: each Discord thread / Slack thread the bot answers in has its own turns, keyed by
 * tenant and thread id, so no thread ever sees another's context. Kept a week after the last turn.
 */
export class Conversations {
  constructor(private readonly store: StateStore) {}

  /** The thread's turns, or undefined when the bot has no Q&A thread by that id. */
  async get(tenant: Tenant, threadId: string): Promise<Turn[] | undefined> {
    const raw = await this.store.get(KEY(tenant, threadId));
    if (raw === null) return undefined;
    return parseThread(raw)?.turns ?? [];
  }

  /** Marks a thread as the bot's (so follow-ups in it are answered) before its first answer lands. */
  async open(tenant: Tenant, threadId: string): Promise<void> {
    await this.store.setIfAbsent(
      KEY(tenant, threadId),
      JSON.stringify({ turns: [], updatedAt: Date.now() }),
      TTL_MS,
    );
  }

  async append(tenant: Tenant, threadId: string, turn: Turn): Promise<void> {
    const key = KEY(tenant, threadId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const raw = await this.store.get(key);
      const prev = raw ? parseThread(raw) : undefined;
      const turns = [...(prev?.turns ?? []), turn].slice(-MAX_TURNS);
      const next = JSON.stringify({ turns, updatedAt: Date.now() });
      if (await this.store.compareAndSet(key, raw, next, { ttlMs: TTL_MS })) return;
    }
  }
}
