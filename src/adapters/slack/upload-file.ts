import type { webApi } from "@slack/bolt";
import { request } from "undici";
import { BotError } from "../../core/errors.js";

/** Uploads bytes the bot made (charts, CSV, logs) into a channel with the external upload flow. */
export async function uploadFiles(
  web: webApi.WebClient,
  channel: string,
  files: Array<{ filename: string; bytes: Buffer; contentType: string }>,
  comment: string,
  threadTs?: string,
): Promise<void> {
  const done: Array<{ id: string; title: string }> = [];
  for (const f of files) {
    const target = await web.files.getUploadURLExternal({ filename: f.filename, length: f.bytes.length });
    const res = await request(target.upload_url!, {
      method: "POST",
      body: f.bytes,
      headers: { "content-type": f.contentType, "content-length": String(f.bytes.length) },
    });
    await res.body.dump();
    if (res.statusCode !== 200) {
      throw new BotError({
        code: "delivery_failed",
        family: "jobs",
        retriable: true,
        message: `Slack refused the upload (${res.statusCode}).`,
      });
    }
    done.push({ id: target.file_id!, title: f.filename });
  }
  await web.files.completeUploadExternal({
    files: done as [{ id: string; title: string }],
    channel_id: channel,
    initial_comment: comment,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
}
