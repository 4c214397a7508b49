/**
 * Slack downloads every image_url in blocks when a message is posted; one it cannot download fails the
 * whole call with `invalid_blocks`, `errors: ["downloading image failed [json-pointer:/blocks/0/image_url]"]`
 * and the same text as an "[ERROR] …" response_metadata message (the answer Slack gives, e.g.
 * slackapi/python-slack-sdk#1782). Supported image types are PNG, JPEG and GIF (docs.slack.dev
 * reference/block-kit/blocks/image-block). The double fetches loopback URLs for real (GET, 5 s, Slack's
 * image-proxy user agent, so a host that refuses bots — like Cloudflare's browser check — fails); it has no
 * network beyond loopback, so other hosts count as downloadable. `fault({ method: "image_download" })`
 * makes the next download fail.
 */

import { imageUrls } from "./block-kit.js";
import { SlackApiError } from "./method-types.js";
import type { DoubleState } from "./state.js";

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/jpg", "image/gif"];
/** The user agent of Slack's image fetcher (api.slack.com/robots): hosts that block bots block it too. */
export const SLACK_UA = "Slack-ImgProxy (+https://api.slack.com/robots)";

async function downloadable(state: DoubleState, url: string): Promise<boolean> {
  if (state.takeFault("image_download")) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) return true;
  try {
    const res = await fetch(u, { headers: { "user-agent": SLACK_UA }, signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    return res.status === 200 && IMAGE_TYPES.includes(type);
  } catch {
    return false;
  }
}

/** Throws Slack's invalid_blocks answer when an image in `blocks` cannot be downloaded. */
export async function checkImages(state: DoubleState, blocks: unknown): Promise<void> {
  for (const { url, pointer } of imageUrls(blocks)) {
    if (await downloadable(state, url)) continue;
    const msg = `downloading image failed [json-pointer:${pointer}]`;
    throw new SlackApiError("invalid_blocks", [`[ERROR] ${msg}`], { errors: [msg] });
  }
}
