// @ts-nocheck
import type { IncomingMessage, ServerResponse } from "node:http";
import { validateBlocks } from "./blocks.js";
import { type Fields, parseBody, sendJson, sendText, str, truthy } from "./http-util.js";
import type { DoubleState } from "./state.js";
import { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type ResponseUrlRecord } from "./state.js";

function apply(state: DoubleState, rec: ResponseUrlRecord, body: Fields): void {
  // The message the interaction came from, else the last message this response_url posted.
  const original = state.findMessage(rec.channel, rec.messageTs ?? rec.lastTs);
  const text = str(body.text);
  const blocks = body.blocks;
  if (truthy(body.delete_original)) {
    if (original) original.deleted = true;
    return;
  }
  if (truthy(body.replace_original) && original) {
    if (text !== undefined) original.text = text;
    original.blocks = blocks;
    original.updates += 1;
    return;
  }
  if (!rec.channel) return;
  const team = state.team(rec.team);
  const threadTs = str(body.thread_ts);
  const inChannel = str(body.response_type) === "in_channel";
  const ts = state.nextTs();
  rec.lastTs = ts;
  state.messages.push({
    ts,
    channel: rec.channel,
    ...(text !== undefined ? { text } : {}),
    ...(blocks !== undefined ? { blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(!inChannel && rec.user ? { ephemeralUser: rec.user } : {}),
    updates: 0,
    ...(team ? { user: team.botUserId, bot_id: team.botId, team: team.id } : {}),
    via: "response_url",
  });
}

/**
 * POST /response/<id>. Bolt's respond() posts JSON with no auth. Up to 5 posts within 30 min;
 * afterwards 404 `used_url` / `expired_url` (text body; the exact Slack wording is unconfirmed).
 */
export async function handleResponseUrl(
  state: DoubleState,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = await parseBody(req);
  let body: Fields = parsed.fields;
  if (typeof body.payload === "string") body = JSON.parse(body.payload) as Fields;
  const rec = state.responseUrls.get(id);
  let error: string | undefined;
  let status = 200;
  if (!rec) [status, error] = [404, "invalid_url"];
  else if (Date.now() - rec.created > RESPONSE_URL_TTL_MS) [status, error] = [404, "expired_url"];
  else if (rec.uses >= RESPONSE_URL_MAX_USES) [status, error] = [404, "used_url"];
  else if (!truthy(body.delete_original) && str(body.text) === undefined && body.blocks === undefined) {
    [status, error] = [400, "no_text"];
  } else if (body.blocks !== undefined && validateBlocks(body.blocks, "/blocks", 50).length) {
    [status, error] = [400, "invalid_blocks"];
  }
  state.record({
    method: "response_url",
    body,
    time: Date.now(),
    status,
    target: id,
    contentType: parsed.contentType,
    ...(error ? { error } : {}),
  });
  if (error || !rec) return sendText(res, status, error ?? "invalid_url");
  rec.uses += 1;
  rec.posts.push(body);
  apply(state, rec, body);
  sendJson(res, 200, { ok: true });
}
