/** Interaction callbacks and interaction webhooks (@original, followups): token in the path, no auth. */
// @ts-nocheck

import {
  ApiError,
  invalidForm,
  invalidWebhookToken,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from "./http.js";
import { createMessage, editMessage, messageJson } from "./messages.js";
import { type Ctx, noContent, obj, ok, type Reply, type Route } from "./router.js";
import type { InteractionRecord } from "./state.js";
import type { StoredMessage } from "./types.js";
import { checkChoices, checkFiles, checkMessageBody, checkModal } from "./validate.js";

/** Callback types each interaction type accepts (component-only types need a source message). */
const ALLOWED: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

function callback(ctx: Ctx): Reply {
  const { state, params } = ctx;
  const rec = state.interactions.get(params.interaction ?? "");
  if (!rec || rec.token !== params.token) throw unknownInteraction();
  const body = obj(ctx.body.json);
  const type = body.type;
  const data = obj(body.data);
  const files = ctx.body.files;
  checkFiles(files, rec.attachmentSizeLimit);
  if (rec.callback) throw new ApiError(400, 40060, "Interaction has already been acknowledged.");
  if (state.now() - rec.createdAt > state.opts.ackDeadlineMs) throw unknownInteraction();
  const allowed = ALLOWED[rec.type] ?? [];
  const needsSource = type === 6 || type === 7;
  if (typeof type !== "number" || !allowed.includes(type) || (needsSource && !rec.sourceMessageId)) {
    throw invalidForm("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type");
  }
  if (type === 4) checkMessageBody(data, files, true);
  if (type === 7) checkMessageBody(data, files, false);
  if (type === 8) checkChoices(data);
  if (type === 9) checkModal(data);

  let message: StoredMessage | undefined;
  const where = {
    channelId: rec.channelId,
    guildId: rec.guildId,
    interactionId: rec.id,
    interactionToken: rec.token,
  };
  if (type === 4 || type === 5) {
    const replyType = rec.type === 2 ? 20 : 19;
    const flags = typeof data.flags === "number" ? data.flags : 0;
    message =
      type === 4
        ? createMessage(state, { ...where, kind: "original", type: replyType }, data, files)
        : createMessage(
            state,
            { ...where, kind: "original", type: replyType, extraFlags: 128 },
            { flags },
            [],
          );
    rec.originalMessageId = message.id;
  } else if (type === 6 || type === 7) {
    message = state.messages.get(rec.sourceMessageId ?? "");
    if (!message) throw unknownMessage();
    if (type === 7) editMessage(state, message, data, files);
    rec.originalMessageId = message.id;
  }
  rec.callback = {
    type,
    data: body.data ?? null,
    receivedAt: state.now(),
    attachments: type === 4 || type === 7 ? (message?.attachments ?? []) : [],
  };
  state.notify();
  if (ctx.query.get("with_response") !== "true") return noContent();
  return ok({
    interaction: {
      id: rec.id,
      type: rec.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: (message.flags & 128) !== 0,
            response_message_ephemeral: (message.flags & 64) !== 0,
          }
        : {}),
    },
    resource: { type, ...(message && type !== 6 ? { message: messageJson(state, message) } : {}) },
  });
}

/** The interaction behind a webhook token: 401 50027 when unknown or older than the token lifetime. */
function webhookInteraction(ctx: Ctx): InteractionRecord {
  const { state, params } = ctx;
  if (params.app !== state.opts.applicationId) throw unknownWebhook();
  const rec = state.interactionsByToken.get(params.token ?? "");
  if (!rec || state.now() - rec.createdAt > state.opts.interactionTokenTtlMs) throw invalidWebhookToken();
  if (!rec.callback) throw unknownWebhook();
  return rec;
}

function targetMessage(ctx: Ctx, rec: InteractionRecord): StoredMessage {
  const id = ctx.params.message === "@original" ? rec.originalMessageId : (ctx.params.message ?? null);
  const m = id ? ctx.state.messages.get(id) : undefined;
  const mine = m && (m.interactionToken === rec.token || m.id === rec.originalMessageId);
  if (!m || m.deleted || !mine) throw unknownMessage();
  return m;
}

function wouldBeEmpty(m: StoredMessage, body: Record<string, unknown>, fileCount: number): boolean {
  const content = "content" in body ? body.content : m.content;
  const embeds = "embeds" in body ? body.embeds : m.embeds;
  const components = "components" in body ? body.components : m.components;
  const attachments = Array.isArray(body.attachments) ? body.attachments.length : m.attachments.length;
  const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
  return (
    (typeof content !== "string" || content.trim() === "") &&
    !nonEmpty(embeds) &&
    !nonEmpty(components) &&
    attachments + fileCount === 0
  );
}

function editWebhookMessage(ctx: Ctx): Reply {
  const rec = webhookInteraction(ctx);
  const m = targetMessage(ctx, rec);
  const body = obj(ctx.body.json);
  checkFiles(ctx.body.files, rec.attachmentSizeLimit);
  checkMessageBody(body, ctx.body.files, false);
  if (wouldBeEmpty(m, body, ctx.body.files.length))
    throw new ApiError(400, 50006, "Cannot send an empty message");
  return ok(messageJson(ctx.state, editMessage(ctx.state, m, body, ctx.body.files)));
}

function followup(ctx: Ctx): Reply {
  const rec = webhookInteraction(ctx);
  const body = obj(ctx.body.json);
  checkFiles(ctx.body.files, rec.attachmentSizeLimit);
  checkMessageBody(body, ctx.body.files, true);
  const original = rec.originalMessageId ? ctx.state.messages.get(rec.originalMessageId) : undefined;
  let m: StoredMessage;
  if (rec.callback?.type === 5 && original && !original.deleted && (original.flags & 128) !== 0) {
    // Discord: the first followup after a deferred reply replaces the "thinking…" message and
    // keeps the defer's ephemeral flag, whatever flags the followup asks for.
    m = editMessage(ctx.state, original, body, ctx.body.files);
  } else {
    m = createMessage(
      ctx.state,
      {
        channelId: rec.channelId,
        guildId: rec.guildId,
        kind: "followup",
        interactionId: rec.id,
        interactionToken: rec.token,
      },
      body,
      ctx.body.files,
    );
  }
  return ctx.query.get("wait") === "true" ? ok(messageJson(ctx.state, m)) : noContent();
}

const HOOK = "/webhooks/:app/:token";

export const interactionRoutes: Route[] = [
  { method: "POST", pattern: "/interactions/:interaction/:token/callback", auth: false, handler: callback },
  { method: "POST", pattern: HOOK, auth: false, handler: followup },
  {
    method: "GET",
    pattern: `${HOOK}/messages/:message`,
    auth: false,
    handler: (ctx) => ok(messageJson(ctx.state, targetMessage(ctx, webhookInteraction(ctx)))),
  },
  { method: "PATCH", pattern: `${HOOK}/messages/:message`, auth: false, handler: editWebhookMessage },
  {
    method: "DELETE",
    pattern: `${HOOK}/messages/:message`,
    auth: false,
    handler: (ctx) => {
      const m = targetMessage(ctx, webhookInteraction(ctx));
      m.deleted = true;
      ctx.state.notify();
      return noContent();
    },
  },
];
