/**
 * INTERACTION_CREATE payloads with every field discord.js 14.28 reads (chat-wire §2): entitlements,
 * authorizing_integration_owners, a channel object, member with roles/permissions, app_permissions,
 * message for components, resolved objects for user/channel/role/attachment options.
 */
// @ts-nocheck

import { randomBytes } from "node:crypto";
import { type Before, commandMeta, ensureRole, resolvedFor } from "./command-data.js";
import { createMessage, messageJson } from "./messages.js";
import { channelJson, memberJson, userJson } from "./payloads.js";
import { ALL_PERMISSIONS } from "./permissions.js";
import type { DoubleState, GuildRecord, InteractionRecord } from "./state.js";
import type { AutocompleteInput, ButtonInput, ModalSubmitInput, SlashCommandInput } from "./types-input.js";

type Obj = Record<string, unknown>;
type Common = SlashCommandInput | AutocompleteInput | ButtonInput | ModalSubmitInput;

export const DEFAULT_USER = { id: "400000000000000001", username: "tester" };

export interface BuiltInteraction {
  record: InteractionRecord;
  /** Dispatches to send first (GUILD_ROLE_CREATE for roles the guild did not know). */
  before: Before;
}

function guildOf(state: DoubleState, id: string): GuildRecord {
  const g = state.guilds.get(id);
  if (!g) throw new Error(`discord double: unknown guild ${id}`);
  return g;
}

function dmChannelId(state: DoubleState, userId: string): string {
  for (const c of state.channels.values()) if (c.type === 1 && c.name === `dm-${userId}`) return c.id;
  return state.addChannel(null, { id: state.snowflake(), name: `dm-${userId}`, type: 1 }).id;
}

function base(state: DoubleState, type: number, input: Common, data: Obj, before: Before) {
  const user = {
    id: input.user?.id ?? DEFAULT_USER.id,
    username: input.user?.username ?? DEFAULT_USER.username,
  };
  const dm = input.dm === true;
  const guildId = dm ? null : (input.guildId ?? state.opts.guilds[0]?.id ?? null);
  const g = guildId ? guildOf(state, guildId) : null;
  const channelId = dm
    ? dmChannelId(state, user.id)
    : (input.channelId ??
      [...state.channels.values()].find((c) => c.guildId === guildId && c.type === 0)?.id);
  if (!channelId) throw new Error(`discord double: guild ${guildId} has no text channel`);
  const ch = state.channels.get(channelId) ?? state.addChannel(guildId, { id: channelId });
  const admin = g !== null && (g.ownerId === user.id || state.opts.adminUserIds.includes(user.id));
  const memberPermissions = input.memberPermissions ?? (admin ? ALL_PERMISSIONS.toString() : "0");
  const roles = input.roles ?? [];
  if (g) {
    for (const r of roles) ensureRole(g, r, before);
    const known = g.members.get(user.id);
    g.members.set(user.id, { ...user, roles, joinedAt: known?.joinedAt ?? state.now() });
  }
  const limit = input.attachmentSizeLimit ?? state.opts.attachmentSizeLimit;
  const locale = input.locale ?? "en-US";
  const channel = dm
    ? { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [userJson(user)] }
    : { ...channelJson(state, ch), permission_overwrites: undefined, permissions: memberPermissions };
  const payload: Obj = {
    id: input.id ?? state.snowflake(),
    application_id: state.opts.applicationId,
    type,
    token: `aW50ZXJhY3Rpb246${randomBytes(48).toString("base64url")}`,
    version: 1,
    data,
    channel,
    channel_id: channelId,
    app_permissions: state.botPermissions(channelId).toString(),
    locale,
    entitlements: [],
    authorizing_integration_owners: g ? { "0": g.id } : { "0": "0" },
    context: dm ? 1 : 0,
    attachment_size_limit: limit,
    ...(g
      ? {
          guild_id: g.id,
          guild: { id: g.id, locale: "en-US", features: [] },
          guild_locale: "en-US",
          member: {
            ...memberJson(user, roles, g.members.get(user.id)?.joinedAt ?? state.now()),
            permissions: memberPermissions,
          },
        }
      : { user: userJson(user) }),
  };
  const record: InteractionRecord = {
    id: payload.id as string,
    token: payload.token as string,
    type,
    createdAt: state.now(),
    guildId,
    channelId,
    user,
    attachmentSizeLimit: limit,
    sourceMessageId: null,
    callback: null,
    originalMessageId: null,
    payload,
  };
  return { record, g };
}

function register(state: DoubleState, built: BuiltInteraction): BuiltInteraction {
  state.interactions.set(built.record.id, built.record);
  state.interactionsByToken.set(built.record.token, built.record);
  return built;
}

export function buildSlashCommand(state: DoubleState, input: SlashCommandInput): BuiltInteraction {
  const before: Before = [];
  const guildId = input.dm ? null : (input.guildId ?? state.opts.guilds[0]?.id ?? null);
  const data: Obj = { ...commandMeta(state, input.name, guildId), options: input.options ?? [] };
  const g = guildId ? guildOf(state, guildId) : null;
  const resolved = resolvedFor(state, input.options ?? [], g, input, before);
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  return register(state, { record: base(state, 2, input, data, before).record, before });
}

export function buildAutocomplete(state: DoubleState, input: AutocompleteInput): BuiltInteraction {
  const before: Before = [];
  const guildId = input.dm ? null : (input.guildId ?? state.opts.guilds[0]?.id ?? null);
  const data: Obj = { ...commandMeta(state, input.name, guildId), options: input.options };
  return register(state, { record: base(state, 4, input, data, before).record, before });
}

/** The message a component sits on: stored, else a seed message carrying that component. */
function sourceMessage(
  state: DoubleState,
  rec: InteractionRecord,
  messageId: string | undefined,
  customId: string,
) {
  const known = messageId ? state.messages.get(messageId) : undefined;
  if (known) return known;
  const row = {
    type: 1,
    components: [{ type: 2, custom_id: customId, label: customId.slice(0, 80), style: 1 }],
  };
  return createMessage(
    state,
    { channelId: rec.channelId, guildId: rec.guildId, kind: "seed", ...(messageId ? { id: messageId } : {}) },
    { content: "", components: [row] },
    [],
  );
}

export function buildButton(state: DoubleState, input: ButtonInput): BuiltInteraction {
  const before: Before = [];
  const data: Obj = {
    custom_id: input.customId,
    component_type: input.componentType ?? 2,
    ...(input.values ? { values: input.values } : {}),
  };
  const { record } = base(state, 3, input, data, before);
  const msg = sourceMessage(state, record, input.messageId, input.customId);
  record.sourceMessageId = msg.id;
  record.payload.message = messageJson(state, msg);
  return register(state, { record, before });
}

export function buildModalSubmit(state: DoubleState, input: ModalSubmitInput): BuiltInteraction {
  const before: Before = [];
  const components = Object.entries(input.fields).map(([customId, value], i) => ({
    type: 18,
    id: i * 2 + 1,
    component: { type: 4, id: i * 2 + 2, custom_id: customId, value },
  }));
  const { record } = base(state, 5, input, { custom_id: input.customId, components }, before);
  if (input.messageId) {
    const msg = sourceMessage(state, record, input.messageId, input.customId);
    record.sourceMessageId = msg.id;
    record.payload.message = messageJson(state, msg);
  }
  return register(state, { record, before });
}
