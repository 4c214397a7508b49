/** Public types of the Discord double (REST + Gateway on one 127.0.0.1 port). */
// @ts-nocheck


export interface ChannelSpec {
  id: string;
  name?: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
  type?: number;
  parentId?: string;
}

export interface RoleSpec {
  id: string;
  name?: string;
  permissions?: string;
}

export interface GuildSpec {
  id: string;
  name?: string;
  ownerId?: string;
  channels?: ChannelSpec[];
  /** Extra roles besides @everyone (whose id is the guild id). */
  roles?: RoleSpec[];
}

export interface DiscordDoubleOptions {
  /** Bot token the double accepts (`Authorization: Bot <token>`). Default "test-discord-token". */
  token?: string;
  /** Default "100000000000000001"; also the bot user's id unless `botUser.id` is set. */
  applicationId?: string;
  botUser?: { id?: string; username?: string };
  /** Default: one guild "200000000000000001" with text channel "300000000000000001". */
  guilds?: GuildSpec[];
  /** `attachment_size_limit` put on interactions; also the per-file cap for interaction uploads. Default 10 MiB. */
  attachmentSizeLimit?: number;
  /** Per-file cap for channel messages (bot token). Default 10 MiB. */
  channelAttachmentSizeLimit?: number;
  /** 0 = ephemeral port. */
  port?: number;
  /** HELLO heartbeat_interval. Default 41250 (Discord's). */
  heartbeatIntervalMs?: number;
  /** Callbacks later than this after the interaction get 404 10062 Unknown interaction. Default 3000. */
  ackDeadlineMs?: number;
  /** Interaction webhook token lifetime. Default 15 min. */
  interactionTokenTtlMs?: number;
  /** Users (besides each guild's owner) whose interaction member permissions are "all". */
  adminUserIds?: string[];
  /**
   * Privileged intents enabled "in the developer portal". Default `[]` (Discord's default for a new app):
   * an IDENTIFY asking for a privileged intent not listed here is closed with 4014 "Disallowed intent(s).",
   * and REST reads of other users' messages come back with empty content unless "MessageContent" is here.
   */
  privilegedIntents?: PrivilegedIntentName[];
  /** @deprecated Bitfield form of `privilegedIntents` (GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15); both are combined. Default 0. */
  enabledPrivilegedIntents?: number;
}

export type PrivilegedIntentName = "GuildMembers" | "GuildPresences" | "MessageContent";

export interface ResolvedOptions {
  token: string;
  applicationId: string;
  botUser: { id: string; username: string };
  guilds: Array<
    Required<Omit<GuildSpec, "channels" | "roles">> & { channels: ChannelSpec[]; roles: RoleSpec[] }
  >;
  attachmentSizeLimit: number;
  channelAttachmentSizeLimit: number;
  port: number;
  heartbeatIntervalMs: number;
  ackDeadlineMs: number;
  interactionTokenTtlMs: number;
  adminUserIds: string[];
  /** The effective privileged intents (`privilegedIntents` plus `enabledPrivilegedIntents`). */
  privilegedIntents: PrivilegedIntentName[];
  enabledPrivilegedIntents: number;
}

/** One file part of a multipart request. */
export interface UploadedFile {
  /** Part name, e.g. "files[0]". */
  name: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  data: Buffer;
}

export interface LoggedFile {
  name: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface LoggedCall {
  method: string;
  /** Decoded path below /api/v10, e.g. "/webhooks/<app>/<token>/messages/@original". CDN reads start with "/cdn/". */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON, `{ payload_json, files }` for multipart, or null when there was no body. */
  body: unknown;
  /** HTTP status the double answered with (0 until answered). */
  status: number;
  /** Double clock (ms) when the request arrived. */
  time: number;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string | null;
  size: number;
  sha256: string;
  description: string | null;
  /** The uploaded bytes. */
  data: Buffer;
  /** Served by the double's CDN route (GET, no auth). */
  url: string;
}

/** original/followup: interaction webhook; channel: the bot's POST /channels/:c/messages; user: `userMessage()`. */
export type StoredMessageKind = "original" | "followup" | "channel" | "seed" | "user";

export interface StoredAuthor {
  id: string;
  username: string;
  /** True for the bot itself (every message but `userMessage()`'s). */
  bot: boolean;
}

export interface StoredEdit {
  /** Double clock (ms) when the edit was applied. */
  at: number;
  /** Content after the edit. */
  content: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  kind: StoredMessageKind;
  /** Interaction whose token created it (originals and followups), else null. */
  interactionId: string | null;
  interactionToken: string | null;
  author: StoredAuthor;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  /** 64 ephemeral, 128 loading (deferred, not yet edited), 4 suppress embeds, 32768 components v2. */
  flags: number;
  /** Discord message type: 0 default, 20 chat input command reply, 19 reply. */
  type: number;
  createdAt: number;
  editedAt: number | null;
  /** Visible edits (the edit that fills a deferred reply does not count; see `edits`). */
  editCount: number;
  /** Every edit request applied (PATCH on a channel or webhook message, component update), in order. */
  edits: StoredEdit[];
  deleted: boolean;
  /** Thread started from this message, if any. */
  threadId: string | null;
  /** Users mentioned with <@id> / <@!id> (known users only; user messages). */
  mentions: string[];
  /** Roles mentioned with <@&id> (roles of the guild; user messages). */
  mentionRoles: string[];
  /** The message this one replies to (type 19). */
  reference: { messageId: string; channelId: string; guildId: string | null } | null;
  nonce: string | number | null;
}

export interface CallbackRecord {
  type: number;
  data: unknown;
  receivedAt: number;
  attachments: StoredAttachment[];
}

export interface FaultSpec {
  method?: string;
  /** Decoded path below /api/v10 (exact string) or a RegExp tested against it. */
  path: string | RegExp;
  /** How many matching requests it affects. Default: unlimited (call clearFaults). */
  times?: number;
  status?: number;
  /** JSON body (object) or raw text body (string, sent as text/html) for `status`. */
  body?: unknown;
  /** Answer 429 with Retry-After / X-RateLimit-* headers and Discord's JSON body. */
  retryAfterSeconds?: number;
  /** With retryAfterSeconds: mark it as a global limit (X-RateLimit-Global). */
  global?: boolean;
  /** Delay before answering (alone: then the normal answer). */
  latencyMs?: number;
}
