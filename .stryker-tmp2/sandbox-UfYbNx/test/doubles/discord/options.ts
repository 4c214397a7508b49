/** Defaults for DiscordDoubleOptions. */
// @ts-nocheck

import type { DiscordDoubleOptions, PrivilegedIntentName, ResolvedOptions } from "./types.js";

export const MIB = 1024 * 1024;

/** Gateway intent bits of the privileged intents. */
export const PRIVILEGED_INTENT_BITS: Record<PrivilegedIntentName, number> = {
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  MessageContent: 1 << 15,
};

export function resolveOptions(o: DiscordDoubleOptions): ResolvedOptions {
  const applicationId = o.applicationId ?? "100000000000000001";
  const guilds = (
    o.guilds ?? [{ id: "200000000000000001", channels: [{ id: "300000000000000001", name: "general" }] }]
  ).map((g) => ({
    id: g.id,
    name: g.name ?? `guild-${g.id.slice(-4)}`,
    ownerId: g.ownerId ?? "400000000000000000",
    channels: g.channels ?? [],
    roles: g.roles ?? [],
  }));
  const names = Object.keys(PRIVILEGED_INTENT_BITS) as PrivilegedIntentName[];
  for (const n of o.privilegedIntents ?? []) {
    if (!names.includes(n)) throw new Error(`discord double: unknown privileged intent ${String(n)}`);
  }
  const enabled = (o.privilegedIntents ?? []).reduce(
    (bits, n) => bits | PRIVILEGED_INTENT_BITS[n],
    o.enabledPrivilegedIntents ?? 0,
  );
  return {
    token: o.token ?? "test-discord-token",
    applicationId,
    botUser: { id: o.botUser?.id ?? applicationId, username: o.botUser?.username ?? "theta-bot" },
    guilds,
    attachmentSizeLimit: o.attachmentSizeLimit ?? 10 * MIB,
    channelAttachmentSizeLimit: o.channelAttachmentSizeLimit ?? 10 * MIB,
    port: o.port ?? 0,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 41_250,
    ackDeadlineMs: o.ackDeadlineMs ?? 3000,
    interactionTokenTtlMs: o.interactionTokenTtlMs ?? 15 * 60_000,
    adminUserIds: o.adminUserIds ?? [],
    privilegedIntents: names.filter((n) => (enabled & PRIVILEGED_INTENT_BITS[n]) !== 0),
    enabledPrivilegedIntents: enabled,
  };
}
