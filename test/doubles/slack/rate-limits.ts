/**
 * Web API rate limits, docs.slack.dev/apis/web-api/rate-limits: limits apply "per API method per
 * workspace per app", by tier — Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min — and chat.postMessage
 * "generally allows posting one message per second per channel" (short bursts allowed; modelled as 60 per
 * rolling minute per channel). Over a limit: HTTP 429 with `Retry-After: <seconds>` and
 * `{ ok:false, error:"ratelimited" }`. Tiers are each method's reference page's "Rate limits" entry.
 * Methods not listed (auth.test and oauth.v2.access are "Special", apps.connections.open Tier 1) are not
 * limited here. `rateLimits: false` on the double opts out (benchmarks of the bot's own throughput).
 */

export const TIERS: Record<string, number> = {
  "chat.postEphemeral": 100,
  "chat.update": 50,
  "chat.delete": 50,
  "conversations.history": 50,
  "conversations.replies": 50,
  "conversations.info": 50,
  "users.info": 100,
  "files.getUploadURLExternal": 100,
  "files.completeUploadExternal": 100,
  "views.open": 100,
  "views.push": 100,
  "views.update": 100,
};
/** chat.postMessage: 1 per second per channel, over a rolling minute. */
export const POST_MESSAGE_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

export class SlackRateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly enabled: boolean) {}

  /** Counts the call; returns the Retry-After seconds when it is over its limit (not counted then). */
  take(method: string, teamId: string | undefined, channel: string | undefined): number | null {
    if (!this.enabled) return null;
    const perChannel = method === "chat.postMessage";
    const limit = perChannel ? POST_MESSAGE_PER_MINUTE : TIERS[method];
    if (limit === undefined) return null;
    const key = `${method} ${teamId ?? "-"}${perChannel ? ` ${channel ?? "-"}` : ""}`;
    const now = Date.now();
    const recent = (this.calls.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    this.calls.set(key, recent);
    if (recent.length >= limit) {
      const oldest = recent[0] ?? now;
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    }
    recent.push(now);
    return null;
  }
}
