/** Creating and editing stored messages from a request body and its uploaded files. */
// @ts-nocheck

import { fileIndex } from "./multipart.js";
import { botUserJson, channelJson, userJson } from "./payloads.js";
import type { DoubleState } from "./state.js";
import type {
  StoredAttachment,
  StoredAuthor,
  StoredMessage,
  StoredMessageKind,
  UploadedFile,
} from "./types.js";

type Obj = Record<string, unknown>;
const EDITABLE_FLAGS = 4 | (1 << 15); // SUPPRESS_EMBEDS, IS_COMPONENTS_V2
const CREATE_FLAGS = 4 | 64 | 4096 | (1 << 15); // + EPHEMERAL, SUPPRESS_NOTIFICATIONS

function storeFile(state: DoubleState, channelId: string, f: UploadedFile, description: string | null) {
  const id = state.snowflake();
  const a: StoredAttachment = {
    id,
    filename: f.filename,
    contentType: f.contentType,
    size: f.size,
    sha256: f.sha256,
    description,
    data: f.data,
    url: `${state.baseUrl}/cdn/attachments/${channelId}/${id}/${encodeURIComponent(f.filename)}`,
  };
  return a;
}

/**
 * The attachment list after this request: entries of `attachments` that name an existing attachment
 * are kept, entries whose id is a file index ("0", "1", …) become the uploaded file. Without an
 * `attachments` field, uploaded files are appended to `existing`.
 */
export function resolveAttachments(
  state: DoubleState,
  channelId: string,
  body: Obj,
  files: UploadedFile[],
  existing: StoredAttachment[],
): StoredAttachment[] {
  const byIndex = new Map<string, UploadedFile>();
  for (const f of files) {
    const i = fileIndex(f.name);
    if (i !== null) byIndex.set(i, f);
  }
  if (!Array.isArray(body.attachments)) {
    return [...existing, ...[...byIndex.values()].map((f) => storeFile(state, channelId, f, null))];
  }
  const out: StoredAttachment[] = [];
  const used = new Set<string>();
  for (const entry of body.attachments as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const e = entry as Obj;
    const id = String(e.id ?? "");
    const description = typeof e.description === "string" ? e.description : null;
    const kept = existing.find((a) => a.id === id);
    const file = byIndex.get(id);
    if (kept) out.push(kept);
    else if (file) {
      used.add(id);
      const stored = storeFile(state, channelId, file, description);
      if (typeof e.filename === "string") stored.filename = e.filename;
      out.push(stored);
    }
  }
  // Files not named in `attachments` are still attached (Discord does the same).
  for (const [i, f] of byIndex) if (!used.has(i)) out.push(storeFile(state, channelId, f, null));
  return out;
}

export interface NewMessage {
  channelId: string;
  guildId: string | null;
  kind: StoredMessageKind;
  interactionId?: string | null;
  interactionToken?: string | null;
  type?: number;
  /** Flags forced on top of the body's (e.g. 128 LOADING for a deferred reply). */
  extraFlags?: number;
  id?: string;
  /** Default: the bot user. */
  author?: StoredAuthor;
  mentions?: string[];
  mentionRoles?: string[];
  reference?: StoredMessage["reference"];
}

export function createMessage(
  state: DoubleState,
  n: NewMessage,
  body: Obj,
  files: UploadedFile[],
): StoredMessage {
  const flags = (typeof body.flags === "number" ? body.flags & CREATE_FLAGS : 0) | (n.extraFlags ?? 0);
  const m: StoredMessage = {
    id: n.id ?? state.snowflake(),
    channelId: n.channelId,
    guildId: n.guildId,
    kind: n.kind,
    interactionId: n.interactionId ?? null,
    interactionToken: n.interactionToken ?? null,
    author: n.author ?? { ...state.opts.botUser, bot: true },
    content: typeof body.content === "string" ? body.content : "",
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    attachments: resolveAttachments(state, n.channelId, body, files, []),
    flags,
    type: n.type ?? 0,
    createdAt: state.now(),
    editedAt: null,
    editCount: 0,
    edits: [],
    deleted: false,
    threadId: null,
    mentions: n.mentions ?? [],
    mentionRoles: n.mentionRoles ?? [],
    reference: n.reference ?? null,
    nonce: typeof body.nonce === "string" || typeof body.nonce === "number" ? body.nonce : null,
  };
  return state.storeMessage(m);
}

/** Applies an edit body. The first edit of a deferred reply clears LOADING and is not an "edit". */
export function editMessage(
  state: DoubleState,
  m: StoredMessage,
  body: Obj,
  files: UploadedFile[],
): StoredMessage {
  const wasLoading = (m.flags & 128) !== 0;
  if ("content" in body) m.content = typeof body.content === "string" ? body.content : "";
  if ("embeds" in body) m.embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if ("components" in body) m.components = Array.isArray(body.components) ? body.components : [];
  if ("attachments" in body || files.length > 0) {
    m.attachments = resolveAttachments(state, m.channelId, body, files, m.attachments);
  }
  if (typeof body.flags === "number") m.flags = (m.flags & ~EDITABLE_FLAGS) | (body.flags & EDITABLE_FLAGS);
  m.flags &= ~128;
  m.edits.push({ at: state.now(), content: m.content });
  if (!wasLoading) {
    m.editedAt = state.now();
    m.editCount += 1;
  }
  state.notify();
  return m;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function attachmentJson(a: StoredAttachment): Record<string, unknown> {
  return {
    id: a.id,
    filename: a.filename,
    size: a.size,
    url: a.url,
    proxy_url: a.url,
    ...(a.contentType ? { content_type: a.contentType } : {}),
    ...(a.description ? { description: a.description } : {}),
  };
}

/** A user the double knows (the bot or a member seen in a guild), as a user object. */
export function knownUserJson(state: DoubleState, id: string): Record<string, unknown> | undefined {
  if (id === state.opts.botUser.id) return botUserJson(state);
  for (const g of state.guilds.values()) {
    const m = g.members.get(id);
    if (m) return userJson(m);
  }
  return undefined;
}

/**
 * Discord's privileged message content rule: content, embeds, attachments and components of a message
 * reach the bot only with MESSAGE_CONTENT, or in DMs, or for its own messages, or when it is mentioned.
 */
export function contentVisible(state: DoubleState, m: StoredMessage, messageContent: boolean): boolean {
  const bot = state.opts.botUser.id;
  return messageContent || m.guildId === null || m.author.id === bot || m.mentions.includes(bot);
}

export interface MessageView {
  /**
   * Whether the reader has MESSAGE_CONTENT: the session's IDENTIFY intents for gateway events; for REST
   * (the default) whether "MessageContent" is among the double's `privilegedIntents`.
   */
  messageContent?: boolean;
  /** referenced_message is rendered one level deep only. */
  nested?: boolean;
}

export function messageJson(
  state: DoubleState,
  m: StoredMessage,
  view: MessageView = {},
): Record<string, unknown> {
  const app = state.opts.applicationId;
  const ix = m.interactionId ? state.interactions.get(m.interactionId) : undefined;
  const fromWebhook = m.kind === "original" || m.kind === "followup";
  const thread = m.threadId ? state.channels.get(m.threadId) : undefined;
  const messageContent = view.messageContent ?? state.opts.privilegedIntents.includes("MessageContent");
  const visible = contentVisible(state, m, messageContent);
  const ref = m.reference ? state.messages.get(m.reference.messageId) : undefined;
  return {
    id: m.id,
    channel_id: m.channelId,
    ...(m.guildId ? { guild_id: m.guildId } : {}),
    author:
      m.author.id === state.opts.botUser.id ? botUserJson(state) : { ...userJson(m.author), bot: false },
    content: visible ? m.content : "",
    timestamp: iso(m.createdAt),
    edited_timestamp: m.editedAt === null ? null : iso(m.editedAt),
    tts: false,
    mention_everyone: false,
    mentions: m.mentions.flatMap((id) => knownUserJson(state, id) ?? []),
    mention_roles: m.mentionRoles,
    attachments: visible ? m.attachments.map(attachmentJson) : [],
    embeds: visible ? m.embeds : [],
    components: visible ? m.components : [],
    reactions: [],
    pinned: false,
    type: m.type,
    flags: m.flags | (thread ? 32 : 0), // HAS_THREAD
    ...(m.nonce !== null ? { nonce: m.nonce } : {}),
    ...(fromWebhook ? { webhook_id: app, application_id: app } : {}),
    ...(ix && m.kind === "original"
      ? {
          interaction_metadata: {
            id: ix.id,
            type: ix.type,
            user: userJson(ix.user),
            authorizing_integration_owners: ix.guildId ? { "0": ix.guildId } : { "0": "0" },
          },
        }
      : {}),
    ...(m.reference
      ? {
          message_reference: {
            type: 0,
            message_id: m.reference.messageId,
            channel_id: m.reference.channelId,
            ...(m.reference.guildId ? { guild_id: m.reference.guildId } : {}),
          },
          ...(view.nested
            ? {}
            : {
                referenced_message:
                  ref && !ref.deleted ? messageJson(state, ref, { messageContent, nested: true }) : null,
              }),
        }
      : {}),
    ...(thread ? { thread: channelJson(state, thread) } : {}),
  };
}
