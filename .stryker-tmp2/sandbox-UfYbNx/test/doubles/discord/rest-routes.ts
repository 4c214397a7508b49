/** The whole REST route table: gateway, users, application, guilds, plus the per-area route files. */
// @ts-nocheck

import { ApiError } from "./http.js";
import { botUserJson, channelJson, guildJson, memberJson, roleJson, userJson } from "./payloads.js";
import { commandRoutes } from "./rest-commands.js";
import { interactionRoutes } from "./rest-interactions.js";
import { messageRoutes } from "./rest-messages.js";
import { type Ctx, ok, type Route } from "./router.js";
import type { GuildRecord } from "./state.js";

function guild(ctx: Ctx): GuildRecord {
  const g = ctx.state.guilds.get(ctx.params.guild ?? "");
  if (!g) throw new ApiError(404, 10004, "Unknown Guild");
  return g;
}

function member(ctx: Ctx): Record<string, unknown> {
  const g = guild(ctx);
  const uid = ctx.params.user ?? "";
  const bot = ctx.state.opts.botUser;
  if (uid === bot.id || uid === "@me") return memberJson(bot, [], g.joinedAt, true);
  const m = g.members.get(uid);
  if (!m) throw new ApiError(404, 10007, "Unknown Member");
  return memberJson(m, m.roles, m.joinedAt);
}

function user(ctx: Ctx): Record<string, unknown> {
  const uid = ctx.params.user ?? "";
  if (uid === ctx.state.opts.botUser.id) return botUserJson(ctx.state);
  for (const g of ctx.state.guilds.values()) {
    const m = g.members.get(uid);
    if (m) return userJson(m);
  }
  throw new ApiError(404, 10013, "Unknown User");
}

function application(ctx: Ctx): Record<string, unknown> {
  const { opts } = ctx.state;
  return {
    id: opts.applicationId,
    name: opts.botUser.username,
    icon: null,
    description: "",
    summary: "",
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: "0".repeat(64),
    flags: 0,
    owner: userJson({ id: opts.guilds[0]?.ownerId ?? "400000000000000000", username: "owner" }),
    team: null,
    bot: botUserJson(ctx.state),
    approximate_guild_count: opts.guilds.length,
    integration_types_config: { "0": {} },
  };
}

const gatewayBot = (ctx: Ctx) =>
  ok({
    url: ctx.state.gatewayUrl,
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
  });

export const routes: Route[] = [
  { method: "GET", pattern: "/gateway", auth: false, handler: (ctx) => ok({ url: ctx.state.gatewayUrl }) },
  { method: "GET", pattern: "/gateway/bot", auth: true, handler: gatewayBot },
  { method: "GET", pattern: "/users/@me", auth: true, handler: (ctx) => ok(botUserJson(ctx.state)) },
  { method: "GET", pattern: "/users/:user", auth: true, handler: (ctx) => ok(user(ctx)) },
  { method: "GET", pattern: "/applications/@me", auth: true, handler: (ctx) => ok(application(ctx)) },
  ...commandRoutes,
  ...interactionRoutes,
  ...messageRoutes,
  {
    method: "GET",
    pattern: "/guilds/:guild",
    auth: true,
    handler: (ctx) => {
      const g = guild(ctx);
      const counts = ctx.query.get("with_counts") === "true";
      const extra = counts
        ? { approximate_member_count: 2 + g.members.size, approximate_presence_count: 1 }
        : {};
      return ok({ ...guildJson(g), ...extra });
    },
  },
  {
    method: "GET",
    pattern: "/guilds/:guild/channels",
    auth: true,
    handler: (ctx) => {
      const g = guild(ctx);
      const chans = [...ctx.state.channels.values()].filter(
        (c) => c.guildId === g.id && (c.type < 10 || c.type > 12),
      );
      return ok(chans.map((c) => channelJson(ctx.state, c)));
    },
  },
  {
    method: "GET",
    pattern: "/guilds/:guild/roles",
    auth: true,
    handler: (ctx) => ok([...guild(ctx).roles.values()].map(roleJson)),
  },
  { method: "GET", pattern: "/guilds/:guild/members/:user", auth: true, handler: (ctx) => ok(member(ctx)) },
];
