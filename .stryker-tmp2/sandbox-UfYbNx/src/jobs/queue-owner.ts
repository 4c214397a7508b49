// @ts-nocheck
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";
import { BotError } from "../core/errors.js";
import type { StateStore } from "../core/store/index.js";

/**
 * One process at a time runs the embedded (in-process) job queue of a data dir: it alone re-queues
 * the ledger's unfinished jobs at start, so two bots on one data dir never run (or call ambiguous)
 * each other's jobs. The CLI shares the data dir without this lease. A lease in the store, renewed
 * while the process lives; one left by a dead process on this machine is taken over at once.
 */
const KEY = "embedded-queue:owner";
const TTL_MS = 60_000;
const Owner = z.object({ pid: z.number(), host: z.string(), token: z.string() });
type Owner = z.infer<typeof Owner>;

/** Tokens of the leases this process holds (a second app in this process is refused too). */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parse(raw: string): Owner | null {
  try {
    return Owner.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Still running: on another machine (cannot tell), in this process, or a live pid here (containers restart as the same pid). */
function stillRunning(o: Owner): boolean {
  if (o.host !== hostname()) return true;
  if (o.pid === process.pid) return held.has(o.token);
  return isAlive(o.pid);
}

export class EmbeddedQueueLease {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly store: StateStore,
    private readonly raw: string,
    private readonly token: string,
  ) {
    held.add(token);
    this.timer = setInterval(() => {
      store.compareAndSet(KEY, raw, raw, { ttlMs: TTL_MS }).catch(() => undefined);
    }, TTL_MS / 4);
    this.timer.unref();
  }

  /** Takes the lease or rejects with `embedded_queue_in_use`, naming the owner's pid and the data dir. */
  static async claim(store: StateStore, dataDir: string): Promise<EmbeddedQueueLease> {
    const token = randomUUID();
    const raw = JSON.stringify({ pid: process.pid, host: hostname(), token } satisfies Owner);
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await store.setIfAbsent(KEY, raw, TTL_MS)) return new EmbeddedQueueLease(store, raw, token);
      const current = await store.get(KEY);
      if (current === null) continue;
      const owner = parse(current);
      if (owner && stillRunning(owner)) {
        const where = owner.host === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
        throw new BotError({
          code: "embedded_queue_in_use",
          family: "runtime",
          details: { pid: owner.pid, dataDir },
          message: `Another theta-bot process (${where}) already runs the jobs of the data dir ${dataDir}. Stop it, give this process its own DATA_DIR, or set REDIS_URL to run several bots and workers. The CLI can run alongside it.`,
        });
      }
      if (await store.compareAndSet(KEY, current, raw, { ttlMs: TTL_MS })) {
        return new EmbeddedQueueLease(store, raw, token);
      }
    }
    throw new BotError({
      code: "embedded_queue_in_use",
      family: "runtime",
      message: `Could not take the job queue of the data dir ${dataDir}: other processes keep taking it.`,
    });
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    held.delete(this.token);
    await this.store.compareAndSet(KEY, this.raw, null).catch(() => undefined);
  }
}
