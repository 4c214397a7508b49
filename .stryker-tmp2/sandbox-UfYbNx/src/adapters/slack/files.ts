// @ts-nocheck
import { request } from "undici";
import { BotError } from "../../core/errors.js";
import type { JobOrigin } from "../../core/present/job-card.js";
import type { TokenFor } from "./delivery.js";

const MAX_BYTES = 50 * 1024 * 1024;

/**
 * Downloads a file shared in Slack (url_private) with the workspace's bot token, for media
 * commands' inputs. Only Slack's file hosts (or the operator's SLACK_API_URL host) get the token.
 */
export function slackFileFetcher(tokenFor: TokenFor, apiUrl: string | undefined) {
  const extraHost = apiUrl ? new URL(apiUrl).host : undefined;
  return async (origin: JobOrigin, raw: string): Promise<Buffer | undefined> => {
    if (origin.platform !== "slack") return undefined;
    const url = new URL(raw);
    const slackHost =
      url.protocol === "https:" &&
      (url.hostname === "files.slack.com" || url.hostname.endsWith(".slack-edge.com"));
    if (!slackHost && url.host !== extraHost) return undefined;
    // undici does not follow redirects here, so the token never leaves Slack's host.
    const res = await request(url, { headers: { authorization: `Bearer ${await tokenFor(origin)}` } });
    const type = String(res.headers["content-type"] ?? "");
    if (res.statusCode !== 200 || type.startsWith("text/html")) {
      await res.body.dump();
      throw new BotError({
        code: "slack_file_unreadable",
        family: "media",
        message:
          "Slack did not hand over the shared file: make sure the bot is in the channel and has the files:read scope (reinstall the app).",
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      size += (c as Buffer).length;
      if (size > MAX_BYTES) {
        res.body.destroy();
        throw new BotError({
          code: "media_too_large",
          family: "media",
          message: "The shared file is over 50 MB.",
        });
      }
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  };
}
