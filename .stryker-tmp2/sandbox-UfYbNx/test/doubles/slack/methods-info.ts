// @ts-nocheck
import { str } from "./http-util.js";
import { type MethodTable, requireArg, requireTeam, SlackApiError } from "./method-types.js";
import { messageJson } from "./methods-chat.js";
import { DEFAULT_CHANNEL_ID } from "./options.js";

export function channelName(id: string): string {
  return id === DEFAULT_CHANNEL_ID ? "general" : `channel-${id.toLowerCase()}`;
}

export const infoMethods: MethodTable = {
  "auth.test": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const isBot = ctx.token?.kind === "bot";
      const userId = ctx.token?.userId ?? team.botUserId;
      const user = team.users.find((u) => u.id === userId);
      return {
        url: `https://${team.domain}.slack.com/`,
        team: team.name,
        user: user?.name ?? "theta-bot",
        team_id: team.id,
        user_id: userId,
        ...(isBot ? { bot_id: team.botId } : {}),
        ...(team.enterpriseId !== undefined ? { enterprise_id: team.enterpriseId } : {}),
        is_enterprise_install: false,
      };
    },
  },
  "users.info": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const id = requireArg(ctx, "user", "user_not_found");
      const u = team.users.find((x) => x.id === id);
      if (!u) throw new SlackApiError("user_not_found");
      return {
        user: {
          id: u.id,
          team_id: team.id,
          name: u.name,
          real_name: u.name,
          deleted: false,
          is_admin: u.isAdmin,
          is_owner: u.isOwner,
          is_primary_owner: false,
          is_restricted: false,
          is_ultra_restricted: false,
          is_bot: u.isBot,
          is_app_user: false,
          tz: "UTC",
          profile: { real_name: u.name, display_name: u.name, team: team.id },
          ...(team.enterpriseId !== undefined
            ? { enterprise_user: { enterprise_id: team.enterpriseId, id: u.id, is_admin: u.isAdmin } }
            : {}),
        },
      };
    },
  },
  "conversations.info": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const id = requireArg(ctx, "channel", "channel_not_found");
      const isIm = id.startsWith("D");
      return {
        channel: {
          id,
          ...(isIm ? { user: `U${id.slice(1)}` } : { name: channelName(id) }),
          is_channel: id.startsWith("C"),
          is_group: id.startsWith("G"),
          is_im: isIm,
          is_private: !id.startsWith("C"),
          is_archived: false,
          is_member: true,
          is_ext_shared: false,
          context_team_id: team.id,
          created: 1_700_000_000,
        },
      };
    },
  },
  "conversations.replies": {
    auth: "bot",
    handler: (ctx) => {
      const channel = requireArg(ctx, "channel", "channel_not_found");
      const ts = requireArg(ctx, "ts", "thread_not_found");
      const all = ctx.state.messages
        .filter((m) => m.channel === channel && !m.deleted && !m.ephemeralUser)
        .filter((m) => m.ts === ts || m.thread_ts === ts)
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      if (all.length === 0) throw new SlackApiError("thread_not_found");
      const limit = Math.max(1, Math.min(1000, Number(str(ctx.args.limit) ?? 1000) || 1000));
      const offset = Number(/^offset:(\d+)$/.exec(str(ctx.args.cursor) ?? "")?.[1] ?? 0);
      const page = all.slice(offset, offset + limit);
      const hasMore = offset + limit < all.length;
      const replies = all.filter((m) => m.ts !== ts);
      return {
        messages: page.map((m) => ({
          ...messageJson(m, ctx.state.options.appId),
          ...(m.ts === ts && replies.length
            ? { thread_ts: ts, reply_count: replies.length, latest_reply: replies.at(-1)?.ts }
            : {}),
        })),
        has_more: hasMore,
        response_metadata: { next_cursor: hasMore ? `offset:${offset + limit}` : "" },
      };
    },
  },
};
