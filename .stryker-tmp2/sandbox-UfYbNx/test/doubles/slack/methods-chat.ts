// @ts-nocheck
import { validateBlocks } from "./blocks.js";
import { str } from "./http-util.js";
import {
  type MethodContext,
  type MethodTable,
  requireArg,
  requireTeam,
  SlackApiError,
} from "./method-types.js";
import type { StoredMessage } from "./types.js";

const MAX_TEXT = 40_000;

export function messageJson(m: StoredMessage, appId: string): Record<string, unknown> {
  return {
    type: "message",
    text: m.text ?? "",
    ...(m.user !== undefined ? { user: m.user } : {}),
    ...(m.bot_id !== undefined ? { bot_id: m.bot_id, app_id: appId } : {}),
    ts: m.ts,
    ...(m.team !== undefined ? { team: m.team } : {}),
    ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
    ...(m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {}),
    ...(m.files !== undefined ? { files: m.files.map((id) => ({ id })) } : {}),
  };
}

/** A user id as channel means "the app's DM with that user" (Slack returns a D… id). */
function resolveChannel(ctx: MethodContext): string {
  const channel = requireArg(ctx, "channel", "channel_not_found");
  return /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
}

function content(ctx: MethodContext, required: boolean): { text?: string; blocks?: unknown } {
  const text = str(ctx.args.text);
  const blocks = ctx.args.blocks;
  if (required && !text && blocks === undefined && ctx.args.attachments === undefined)
    throw new SlackApiError("no_text");
  if (text !== undefined && text.length > MAX_TEXT) throw new SlackApiError("msg_too_long");
  if (typeof blocks === "string") throw new SlackApiError("invalid_blocks_format");
  if (blocks !== undefined) {
    const errors = validateBlocks(blocks, "/blocks", 50);
    if (errors.length) throw new SlackApiError("invalid_blocks", errors);
  }
  return { ...(text !== undefined ? { text } : {}), ...(blocks !== undefined ? { blocks } : {}) };
}

function post(ctx: MethodContext, ephemeralUser?: string): StoredMessage {
  const team = requireTeam(ctx);
  const channel = resolveChannel(ctx);
  const threadTs = str(ctx.args.thread_ts);
  const m: StoredMessage = {
    ts: ctx.state.nextTs(),
    channel,
    ...content(ctx, true),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(ephemeralUser ? { ephemeralUser } : {}),
    updates: 0,
    user: team.botUserId,
    bot_id: team.botId,
    team: team.id,
    via: "api",
  };
  ctx.state.messages.push(m);
  return m;
}

export const chatMethods: MethodTable = {
  "chat.postMessage": {
    auth: "bot",
    handler: (ctx) => {
      const m = post(ctx);
      return { channel: m.channel, ts: m.ts, message: messageJson(m, ctx.state.options.appId) };
    },
  },
  "chat.postEphemeral": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const user = requireArg(ctx, "user", "user_not_in_channel");
      if (!team.users.some((u) => u.id === user)) throw new SlackApiError("user_not_in_channel");
      const m = post(ctx, user);
      return { message_ts: m.ts };
    },
  },
  "chat.update": {
    auth: "bot",
    handler: (ctx) => {
      const channel = resolveChannel(ctx);
      const ts = requireArg(ctx, "ts", "message_not_found");
      const m = ctx.state.findMessage(channel, ts);
      if (!m) throw new SlackApiError("message_not_found");
      if (m.ephemeralUser) throw new SlackApiError("cant_update_message");
      if (m.bot_id !== ctx.team?.botId) throw new SlackApiError("cant_update_message");
      const next = content(ctx, false);
      if (next.text !== undefined) m.text = next.text;
      if (next.blocks !== undefined) m.blocks = next.blocks;
      m.updates += 1;
      return { channel, ts, text: m.text ?? "", message: messageJson(m, ctx.state.options.appId) };
    },
  },
  "chat.delete": {
    auth: "bot",
    handler: (ctx) => {
      const channel = resolveChannel(ctx);
      const ts = requireArg(ctx, "ts", "message_not_found");
      const m = ctx.state.findMessage(channel, ts);
      if (!m || m.ephemeralUser) throw new SlackApiError("message_not_found");
      if (m.bot_id !== ctx.team?.botId) throw new SlackApiError("cant_delete_message");
      m.deleted = true;
      return { channel, ts };
    },
  },
};
