/** Channel routes with the bot token: channels, channel messages, threads, typing. */
// @ts-nocheck

import {
  ApiError,
  invalidForm,
  missingAccess,
  missingPermissions,
  unknownChannel,
  unknownMessage,
} from "./http.js";
import { createMessage, editMessage, messageJson } from "./messages.js";
import { channelJson, userJson } from "./payloads.js";
import { has, P } from "./permissions.js";
import { type Ctx, noContent, obj, ok, type Reply, type Route } from "./router.js";
import type { ChannelRecord } from "./state.js";
import type { StoredMessage } from "./types.js";
import { dispatchMessage } from "./user-messages.js";
import { checkFiles, checkMessageBody } from "./validate.js";

const isThread = (c: ChannelRecord) => c.type >= 10 && c.type <= 12;

/** The channel, if the bot can see it (404 10003 / 403 50001 otherwise). */
function visibleChannel(ctx: Ctx): ChannelRecord {
  const ch = ctx.state.channels.get(ctx.params.channel ?? "");
  if (!ch) throw unknownChannel();
  if (!has(ctx.state.botPermissions(ch.id), P.viewChannel)) throw missingAccess();
  return ch;
}

function channelPayload(ctx: Ctx, ch: ChannelRecord): Record<string, unknown> {
  if (ch.type !== 1) return channelJson(ctx.state, ch);
  const interaction = [...ctx.state.interactions.values()].find((i) => i.channelId === ch.id);
  return {
    id: ch.id,
    type: 1,
    last_message_id: null,
    flags: 0,
    recipients: interaction ? [userJson(interaction.user)] : [],
  };
}

function storedIn(ctx: Ctx, ch: ChannelRecord): StoredMessage {
  const m = ctx.state.messages.get(ctx.params.message ?? "");
  if (!m || m.deleted || m.channelId !== ch.id) throw unknownMessage();
  return m;
}

function postMessage(ctx: Ctx): Reply {
  const ch = visibleChannel(ctx);
  const bits = ctx.state.botPermissions(ch.id);
  if (!has(bits, isThread(ch) ? P.sendMessagesInThreads : P.sendMessages)) throw missingPermissions();
  if (ctx.body.files.length > 0 && !has(bits, P.attachFiles)) throw missingPermissions();
  checkFiles(ctx.body.files, ctx.state.opts.channelAttachmentSizeLimit);
  const body = checkMessageBody(ctx.body.json, ctx.body.files, true);
  const reference = obj(body.message_reference);
  const refId = typeof reference.message_id === "string" ? reference.message_id : undefined;
  const replied = refId ? ctx.state.messages.get(refId) : undefined;
  if (refId && (!replied || replied.deleted) && reference.fail_if_not_exists !== false) {
    throw invalidForm("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
  }
  const live = replied && !replied.deleted ? replied : undefined;
  const m = createMessage(
    ctx.state,
    {
      channelId: ch.id,
      guildId: ch.guildId,
      kind: "channel",
      type: live ? 19 : 0,
      reference: live ? { messageId: live.id, channelId: live.channelId, guildId: live.guildId } : null,
    },
    body,
    ctx.body.files,
  );
  dispatchMessage(ctx.state, ctx.gateway, "MESSAGE_CREATE", m);
  return ok(messageJson(ctx.state, m));
}

function patchMessage(ctx: Ctx): Reply {
  const ch = visibleChannel(ctx);
  const m = storedIn(ctx, ch);
  checkFiles(ctx.body.files, ctx.state.opts.channelAttachmentSizeLimit);
  const body = checkMessageBody(ctx.body.json, ctx.body.files, false);
  if (m.author.id !== ctx.state.opts.botUser.id && Object.keys(body).some((k) => k !== "flags")) {
    throw new ApiError(403, 50005, "Cannot edit a message authored by another user");
  }
  editMessage(ctx.state, m, body, ctx.body.files);
  dispatchMessage(ctx.state, ctx.gateway, "MESSAGE_UPDATE", m);
  return ok(messageJson(ctx.state, m));
}

function createThread(ctx: Ctx, fromMessage: boolean): Reply {
  const { state } = ctx;
  const parent = visibleChannel(ctx);
  if (parent.type !== 0 && parent.type !== 5) {
    throw new ApiError(400, 50024, "Cannot execute action on this channel type");
  }
  const body = obj(ctx.body.json);
  const name = typeof body.name === "string" ? body.name : "";
  if (name.length < 1 || name.length > 100) {
    throw invalidForm("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
  let id = state.snowflake();
  let type = parent.type === 5 ? 10 : typeof body.type === "number" ? body.type : 12;
  const start = fromMessage ? storedIn(ctx, parent) : undefined;
  if (start) {
    if (start.threadId) throw new ApiError(400, 160004, "A thread has already been created for this message");
    id = start.id; // Discord: a thread started from a message shares the message's id
    type = parent.type === 5 ? 10 : 11;
  }
  const need = type === 12 ? P.createPrivateThreads : P.createPublicThreads;
  if (!has(state.botPermissions(parent.id), need)) throw missingPermissions();
  const thread = state.addChannel(parent.guildId, { id, name, type, parentId: parent.id });
  thread.ownerId = state.opts.botUser.id;
  thread.autoArchiveDuration =
    typeof body.auto_archive_duration === "number" ? body.auto_archive_duration : 1440;
  if (start) start.threadId = thread.id;
  const json = channelJson(state, thread);
  ctx.gateway.dispatch("THREAD_CREATE", { ...json, newly_created: true });
  state.notify();
  return ok(json, 201);
}

const CH = "/channels/:channel";

export const messageRoutes: Route[] = [
  { method: "GET", pattern: CH, auth: true, handler: (ctx) => ok(channelPayload(ctx, visibleChannel(ctx))) },
  { method: "POST", pattern: `${CH}/messages`, auth: true, handler: postMessage },
  {
    method: "GET",
    pattern: `${CH}/messages/:message`,
    auth: true,
    handler: (ctx) => ok(messageJson(ctx.state, storedIn(ctx, visibleChannel(ctx)))),
  },
  { method: "PATCH", pattern: `${CH}/messages/:message`, auth: true, handler: patchMessage },
  {
    method: "DELETE",
    pattern: `${CH}/messages/:message`,
    auth: true,
    handler: (ctx) => {
      storedIn(ctx, visibleChannel(ctx)).deleted = true;
      ctx.state.notify();
      return noContent();
    },
  },
  { method: "POST", pattern: `${CH}/threads`, auth: true, handler: (ctx) => createThread(ctx, false) },
  {
    method: "POST",
    pattern: `${CH}/messages/:message/threads`,
    auth: true,
    handler: (ctx) => createThread(ctx, true),
  },
  {
    method: "POST",
    pattern: `${CH}/typing`,
    auth: true,
    handler: (ctx) => {
      visibleChannel(ctx);
      return noContent();
    },
  },
];
