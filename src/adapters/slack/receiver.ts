import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPReceiver, type HTTPReceiverOptions } from "@slack/bolt";

/** Slack's replay window: a request timestamp further than this from now, either way, is refused. */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/**
 * Whether a request's `X-Slack-Request-Timestamp` is outside the replay window. Bolt's own check
 * refuses only stale (past) timestamps; one signed for the future would otherwise stay replayable
 * for as long as its timestamp is ahead of the clock.
 */
export function outsideReplayWindow(header: string | string[] | undefined, nowMs = Date.now()): boolean {
  if (header === undefined || Array.isArray(header)) return false; // Bolt refuses these itself
  const ts = Number(header);
  if (!Number.isFinite(ts)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - ts) > MAX_CLOCK_SKEW_S;
}

/**
 * Bolt's HTTP receiver with the replay window enforced in both directions: a request whose
 * timestamp is more than five minutes ahead of (or behind) the clock gets 401 before Bolt reads it,
 * like a bad signature. Everything else (signatures, OAuth routes, acks) is Bolt's.
 */
export class WindowedHTTPReceiver extends HTTPReceiver {
  constructor(opts: HTTPReceiverOptions) {
    super(opts);
    const bolt = this.requestListener;
    const log = opts.logger;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      if (outsideReplayWindow(req.headers["x-slack-request-timestamp"])) {
        log?.warn("slack: request timestamp outside the 5-minute window; refused");
        res.writeHead(401);
        res.end();
        return;
      }
      bolt(req, res);
    };
  }
}
