/**
 * Wire-level Discord double: a real REST API (`/api/v10/...`) and Gateway (ws) on one 127.0.0.1 port.
 *
 * Pointing discord.js 14.28 at it:
 * ```ts
 * const double = await createDiscordDouble();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.restUrl } });
 * client.once(Events.ClientReady, ...);           // attach before login
 * await client.login(double.options.token);
 * ```
 * - `restUrl` is `http://127.0.0.1:PORT/api` **without** the version: @discordjs/rest requests
 *   `{api}/v{version}{route}` and `version` defaults to "10". A standalone `new REST({ version: "10" })
 *   .setToken(token)` (deploy-commands) takes the same `api`.
 * - Nothing else is needed for the gateway: login() calls `GET /gateway/bot`, whose `url` is
 *   `gatewayUrl` (ws://127.0.0.1:PORT); READY.resume_gateway_url points back here too.
 * - Interaction callback and webhook routes are unauthenticated (token in the path); all other routes
 *   need `Authorization: Bot <token>` (401 `{message:"401: Unauthorized", code:0}`).
 *
 * What the double enforces (like Discord), i.e. what makes a bot's replies fail:
 * - callback > ackDeadlineMs (3 s, double clock) after the interaction → 404 10062 Unknown interaction;
 *   a second callback → 400 40060; a callback type the interaction cannot take → 400 50035.
 * - editReply/followUp/fetchReply before any callback → 404 10015 Unknown Webhook; more than
 *   interactionTokenTtlMs (15 min, double clock: `advanceClock`) after the interaction → 401 50027.
 * - a file over attachment_size_limit (interactions) or channelAttachmentSizeLimit (channel messages),
 *   checked per file as Discord does since 2025-04, or a request over 25 MiB → 413 40005.
 * - content > 2000, > 10 embeds, embed text > 6000, > 5 rows / > 5 buttons per row, custom_id > 100,
 *   > 10 files, > 25 autocomplete choices, modal title > 45 → 400 50035; an empty new message → 50006.
 * - channel messages without ViewChannel → 403 50001; without SendMessages (or AttachFiles with files)
 *   → 403 50013, per `channelPermissions` (changes are pushed to clients as CHANNEL_UPDATE).
 * - the first followUp after deferReply replaces the "thinking" message and keeps the defer's flags.
 * - gateway intents: privileged intents not in `privilegedIntents` (default none) → close 4014
 *   "Disallowed intent(s)."; MESSAGE_CREATE/MESSAGE_UPDATE (userMessage(), the bot's channel posts and
 *   edits) only reach sessions with GUILD_MESSAGES (DIRECT_MESSAGES for DMs) in a channel the bot can
 *   view; without MESSAGE_CONTENT, content/embeds/attachments/components are empty unless the bot is
 *   mentioned (or wrote the message). REST reads apply the same rule with `privilegedIntents`.
 * - editing another user's message → 403 50005.
 * Faults (`fault()`) apply unlimited times unless `times` is given.
 */
// @ts-nocheck


export { DEFAULT_USER } from "./interactions.js";
export { ALL_PERMISSIONS, DEFAULT_TEXT_PERMISSIONS } from "./permissions.js";
export { createDiscordDouble, type DiscordDouble, type MessageFilter } from "./server.js";
export type {
  CallbackRecord,
  ChannelSpec,
  DiscordDoubleOptions,
  FaultSpec,
  GuildSpec,
  LoggedCall,
  LoggedFile,
  PrivilegedIntentName,
  ResolvedOptions,
  RoleSpec,
  StoredAttachment,
  StoredAuthor,
  StoredEdit,
  StoredMessage,
  StoredMessageKind,
  UploadedFile,
} from "./types.js";
export type {
  AttachmentInput,
  AutocompleteInput,
  ButtonInput,
  CommandOptionInput,
  InteractionHandle,
  ModalSubmitInput,
  SlashCommandInput,
  UserInput,
  UserMessageInput,
} from "./types-input.js";
