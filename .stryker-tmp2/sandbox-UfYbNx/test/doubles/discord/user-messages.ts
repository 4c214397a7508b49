/**
 * Messages as the gateway delivers them: members' messages (`userMessage()`), MESSAGE_CREATE /
 * MESSAGE_UPDATE per session with Discord's intent gating, mentions parsed from content.
 */
// @ts-nocheck

import { type Before, ensureRole } from "./command-data.js";
import type { Gateway } from "./gateway.js";
import { DEFAULT_USER } from "./interactions.js";
import { createMessage, messageJson } from "./messages.js";
import { memberJson } from "./payloads.js";
import { has, P } from "./permissions.js";
import type { DoubleState } from "./state.js";
import type { StoredMessage } from "./types.js";
import type { UserMessageInput } from "./types-input.js";

export const INTENT = {
  guildMessages: 1 << 9,
  directMessages: 1 << 12,
  messageContent: 1 << 15,
} as const;

/** User ids of <@id> / <@!id> and role ids of <@&id> in `content` that the double knows. */
export function parseMentions(
  state: DoubleState,
  guildId: string | null,
  content: string,
): { users: string[]; roles: string[] } {
  const users = new Set<string>();
  const roles = new Set<string>();
  const g = guildId ? state.guilds.get(guildId) : undefined;
  for (const [, kind, id = ""] of content.matchAll(/<@(!|&)?(\d{15,21})>/g)) {
    if (kind === "&") {
      if (g?.roles.has(id) && id !== g.id) roles.add(id);
    } else if (id === state.opts.botUser.id || [...state.guilds.values()].some((x) => x.members.has(id))) {
      users.add(id);
    }
  }
  return { users: [...users], roles: [...roles] };
}

export interface BuiltUserMessage {
  message: StoredMessage;
  before: Before;
}

export function buildUserMessage(state: DoubleState, o: UserMessageInput): BuiltUserMessage {
  const ch = state.channels.get(o.channelId);
  if (!ch) throw new Error(`discord double: unknown channel ${o.channelId}`);
  if (o.guildId !== undefined && o.guildId !== ch.guildId) {
    throw new Error(`discord double: channel ${ch.id} is in guild ${ch.guildId}, not ${o.guildId}`);
  }
  const user = { id: o.userId ?? DEFAULT_USER.id, username: o.username ?? DEFAULT_USER.username };
  const before: Before = [];
  const g = ch.guildId ? state.guilds.get(ch.guildId) : undefined;
  if (g) {
    const known = g.members.get(user.id);
    const roles = o.roles ?? known?.roles ?? [];
    for (const r of roles) ensureRole(g, r, before);
    g.members.set(user.id, { ...user, roles, joinedAt: known?.joinedAt ?? state.now() });
  }
  const replied = o.replyTo ? state.messages.get(o.replyTo) : undefined;
  if (o.replyTo && (!replied || replied.deleted)) {
    throw new Error(`discord double: unknown message ${o.replyTo} to reply to`);
  }
  const mentions = parseMentions(state, ch.guildId, o.content);
  if (replied && o.pingRepliedAuthor !== false && !mentions.users.includes(replied.author.id)) {
    mentions.users.push(replied.author.id);
  }
  const message = createMessage(
    state,
    {
      channelId: ch.id,
      guildId: ch.guildId,
      kind: "user",
      type: replied ? 19 : 0,
      author: { ...user, bot: false },
      mentions: mentions.users,
      mentionRoles: mentions.roles,
      reference: replied
        ? { messageId: replied.id, channelId: replied.channelId, guildId: replied.guildId }
        : null,
    },
    { content: o.content, ...(o.nonce !== undefined ? { nonce: o.nonce } : {}) },
    [],
  );
  return { message, before };
}

/**
 * The event payload one session gets, or undefined when Discord would not send it: guild messages need
 * GUILD_MESSAGES and a channel the bot can view, DMs need DIRECT_MESSAGES; without MESSAGE_CONTENT the
 * content, embeds, attachments and components are empty unless the bot is mentioned or wrote it.
 */
export function messageEvent(
  state: DoubleState,
  m: StoredMessage,
  intents: number,
): Record<string, unknown> | undefined {
  if (m.guildId === null) {
    if ((intents & INTENT.directMessages) === 0) return undefined;
  } else {
    if ((intents & INTENT.guildMessages) === 0) return undefined;
    if (!has(state.botPermissions(m.channelId), P.viewChannel)) return undefined;
  }
  const json = messageJson(state, m, { messageContent: (intents & INTENT.messageContent) !== 0 });
  const g = m.guildId ? state.guilds.get(m.guildId) : undefined;
  if (!g) return json;
  const bot = state.opts.botUser;
  const member =
    m.author.id === bot.id
      ? memberJson(bot, [], g.joinedAt, true)
      : (() => {
          const known = g.members.get(m.author.id);
          return memberJson(m.author, known?.roles ?? [], known?.joinedAt ?? m.createdAt);
        })();
  const { user: _user, ...withoutUser } = member;
  return { ...json, member: withoutUser };
}

/** MESSAGE_CREATE / MESSAGE_UPDATE to every session that would get it, each with its own view. */
export function dispatchMessage(
  state: DoubleState,
  gateway: Gateway,
  t: "MESSAGE_CREATE" | "MESSAGE_UPDATE",
  m: StoredMessage,
): void {
  if ((m.flags & 64) !== 0) return; // ephemeral messages are never dispatched
  gateway.dispatchEach(t, (intents) => messageEvent(state, m, intents));
}
