/** Discord API objects (users, roles, channels, guilds, members, messages) as discord.js 14.28 reads them. */
// @ts-nocheck

import { ALL_PERMISSIONS, DEFAULT_TEXT_PERMISSIONS } from "./permissions.js";
import type { ChannelRecord, DoubleState, GuildRecord, RoleRecord } from "./state.js";

const iso = (ms: number): string => new Date(ms).toISOString();

export function userJson(u: { id: string; username: string }, bot = false): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    discriminator: "0",
    global_name: bot ? null : u.username,
    avatar: null,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    public_flags: 0,
    flags: 0,
    ...(bot ? { bot: true } : {}),
  };
}

export function botUserJson(state: DoubleState): Record<string, unknown> {
  return userJson(state.opts.botUser, true);
}

export function roleJson(r: RoleRecord): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: r.position,
    permissions: r.permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

/** A channel; when the bot's permissions there differ from @everyone's, a member overwrite says so. */
export function channelJson(state: DoubleState, c: ChannelRecord): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: c.id,
    type: c.type,
    name: c.name,
    guild_id: c.guildId ?? undefined,
    parent_id: c.parentId,
    position: c.position,
    nsfw: false,
    topic: null,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
  if (c.type === 11 || c.type === 12 || c.type === 10) {
    return {
      ...base,
      owner_id: c.ownerId,
      member_count: 1,
      message_count: 0,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: c.autoArchiveDuration ?? 1440,
        archive_timestamp: iso(c.createdAt),
        locked: false,
        create_timestamp: iso(c.createdAt),
        ...(c.type === 12 ? { invitable: true } : {}),
      },
    };
  }
  const bits = state.botPermissions(c.id);
  const overwrites =
    bits === DEFAULT_TEXT_PERMISSIONS
      ? []
      : [
          {
            id: state.opts.botUser.id,
            type: 1,
            allow: bits.toString(),
            deny: (ALL_PERMISSIONS & ~bits).toString(),
          },
        ];
  return { ...base, permission_overwrites: overwrites };
}

export function memberJson(
  user: { id: string; username: string },
  roles: string[],
  joinedAt: number,
  bot = false,
): Record<string, unknown> {
  return {
    user: userJson(user, bot),
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: iso(joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

export function guildJson(g: GuildRecord): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId,
    features: [],
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    afk_channel_id: null,
    afk_timeout: 300,
    preferred_locale: "en-US",
    vanity_url_code: null,
    application_id: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    roles: [...g.roles.values()].map(roleJson),
    emojis: [],
    stickers: [],
  };
}

/** GUILD_CREATE: the guild plus channels, threads, the bot's member and empty lists. */
export function guildCreateJson(state: DoubleState, g: GuildRecord): Record<string, unknown> {
  const chans = [...state.channels.values()].filter((c) => c.guildId === g.id);
  const isThread = (c: ChannelRecord) => c.type >= 10 && c.type <= 12;
  return {
    ...guildJson(g),
    unavailable: false,
    large: false,
    joined_at: iso(g.joinedAt),
    member_count: 2 + g.members.size,
    members: [memberJson(state.opts.botUser, [], g.joinedAt, true)],
    channels: chans.filter((c) => !isThread(c)).map((c) => channelJson(state, c)),
    threads: chans.filter(isThread).map((c) => channelJson(state, c)),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
