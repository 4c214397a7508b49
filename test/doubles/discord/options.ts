/** Defaults for DiscordDoubleOptions. */
import type { DiscordDoubleOptions, ResolvedOptions } from "./types.js";

export const MIB = 1024 * 1024;

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
    enabledPrivilegedIntents: o.enabledPrivilegedIntents ?? (1 << 1) | (1 << 8) | (1 << 15),
  };
}
