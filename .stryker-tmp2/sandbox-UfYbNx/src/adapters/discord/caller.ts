// @ts-nocheck
import { type BaseInteraction, PermissionFlagsBits } from "discord.js";
import type { Caller } from "../../core/chat/caller.js";
import { usageError } from "../../core/errors.js";

/** The core's view of who is asking, from a guild interaction (checked at run time, not cached). */
export function callerOf(i: BaseInteraction): Caller {
  if (!i.guildId)
    throw usageError(
      "guild_only",
      "theta-bot works in servers, not in DMs: run the command in a server channel.",
    );
  const roles = i.member && "roles" in i.member ? i.member.roles : undefined;
  const roleIds = Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : [];
  return {
    platform: "discord",
    tenantId: i.guildId,
    userId: i.user.id,
    isAdmin: Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
    roleIds,
    channelId: i.channelId ?? "",
    locale: i.locale,
  };
}

export const ADMIN_LABEL = "the Manage Server permission";
