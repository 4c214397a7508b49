import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { Tenant } from "../credentials/provider.js";
import { BotError } from "../errors.js";
import { keyPart, tenantKey } from "../policy/keys.js";
import { RedisStore } from "../store/redis-store.js";
import { type StateStore, storeError } from "../store/state-store.js";

export interface QuestionLimits {
  userPerMinute: number;
  tenantPerMinute: number;
}

const WINDOW_S = 60;

/**
 * Questions per minute, per asker and per tenant, on rate-limiter-flexible. With Redis the counters
 * are shared by every replica (RateLimiterRedis on the store's own ioredis client, atomic Lua); in
 * embedded mode they live in this process (RateLimiterMemory): only the bot process asks questions,
 * and the embedded store's internals stay out of it.
 *
 * The asker's limit is checked first and the tenant's is consumed only when the asker is within
 * theirs; a question refused by either limit is given back to the counters that took it, so only
 * accepted questions count against the tenant (one member's flood cannot lock the server out).
 */
export class QuestionRateLimiter {
  private readonly user: RateLimiterAbstract;
  private readonly tenant: RateLimiterAbstract;

  constructor(store: StateStore, limits: QuestionLimits) {
    const redis = store instanceof RedisStore ? store.limiterBackend() : undefined;
    const make = (points: number, scope: string): RateLimiterAbstract =>
      redis
        ? new RateLimiterRedis({
            storeClient: redis.client,
            keyPrefix: `${redis.keyPrefix}qa:rate:${scope}`,
            points,
            duration: WINDOW_S,
          })
        : new RateLimiterMemory({ keyPrefix: `qa:rate:${scope}`, points, duration: WINDOW_S });
    this.user = make(limits.userPerMinute, "user");
    this.tenant = make(limits.tenantPerMinute, "tenant");
  }

  /** Resolves when the question is accepted (and counted); rejects with `qa_rate_limited` otherwise. */
  async accept(tenant: Tenant, userId: string): Promise<void> {
    const t = tenantKey(tenant);
    const userKey = `${t}:${keyPart(userId, "user")}`;
    const refusedUser = await attempt(this.user, userKey);
    if (refusedUser) throw limited("user", this.user.points, refusedUser);
    const refusedTenant = await attempt(this.tenant, t);
    if (!refusedTenant) return;
    // Not accepted: neither counter keeps this question.
    await Promise.all([give(this.tenant, t), give(this.user, userKey)]);
    throw limited("tenant", this.tenant.points, refusedTenant);
  }
}

/** Consumes one point; the limiter's answer when refused, undefined when accepted. */
async function attempt(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | undefined> {
  try {
    await limiter.consume(key, 1);
    return undefined;
  } catch (err) {
    if (err instanceof RateLimiterRes) return err;
    throw unavailable(err);
  }
}

async function give(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.reward(key, 1);
  } catch (err) {
    throw unavailable(err);
  }
}

function unavailable(err: unknown): BotError {
  return storeError("store_unavailable", "The question limits could not be checked; try again shortly.", {
    retriable: true,
    cause: err,
  });
}

function limited(scope: "user" | "tenant", limit: number, res: RateLimiterRes): BotError {
  const retryAfterS = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new BotError({
    code: "qa_rate_limited",
    family: "usage",
    retriable: true,
    message: `Too many questions: ${scope === "user" ? "you can ask" : "this team can ask"} ${limit} a minute. Try again in ${retryAfterS} s.`,
    details: { retryAfterS, scope },
  });
}
