/** What tests pass to slashCommand / autocomplete / button / modalSubmit. */
// @ts-nocheck


export interface UserInput {
  id: string;
  username?: string;
}

export interface CommandOptionInput {
  name: string;
  type: number;
  value?: unknown;
  options?: CommandOptionInput[];
  focused?: boolean;
}

export interface AttachmentInput {
  id: string;
  filename: string;
  url: string;
  content_type?: string;
  size: number;
}

interface CommonInteractionInput {
  guildId?: string;
  channelId?: string;
  user?: UserInput;
  /** Bitfield string for member.permissions. Default "0", all bits for admins and the guild owner. */
  memberPermissions?: string;
  roles?: string[];
  /** Reuse an interaction id (replay): the same token and acknowledgement state come back. */
  id?: string;
  attachmentSizeLimit?: number;
  locale?: string;
  /** Send it from a DM with the bot instead of a guild channel. */
  dm?: boolean;
}

export interface SlashCommandInput extends CommonInteractionInput {
  name: string;
  options?: CommandOptionInput[];
  /** Keyed by attachment id; options of type 11 carry the id as their value. */
  attachments?: Record<string, AttachmentInput>;
}

export interface AutocompleteInput extends CommonInteractionInput {
  name: string;
  options: CommandOptionInput[];
}

export interface ButtonInput extends CommonInteractionInput {
  customId: string;
  /** The message the component sits on; a stored message if it exists, else a seed message is made. */
  messageId?: string;
  /** 2 button (default), 3 string select, 5 user, 6 role, 7 mentionable, 8 channel select. */
  componentType?: number;
  values?: string[];
}

export interface ModalSubmitInput extends CommonInteractionInput {
  customId: string;
  fields: Record<string, string>;
  /** When the modal was opened from a component on this message. */
  messageId?: string;
}

export interface InteractionHandle {
  id: string;
  token: string;
}

/** What tests pass to userMessage(): a member posting in a channel or thread. */
export interface UserMessageInput {
  /** A channel or thread the double knows (threads are channels); the guild is the channel's. */
  channelId: string;
  content: string;
  /** Default DEFAULT_USER (the interaction user). */
  userId?: string;
  username?: string;
  /** Member roles; unknown role ids are created (GUILD_ROLE_CREATE). Default: the member's known roles. */
  roles?: string[];
  /** Optional check: must equal the channel's guild. */
  guildId?: string;
  nonce?: string;
  /** Reply to this message (type 19, message_reference, referenced_message). */
  replyTo?: string;
  /** With replyTo: ping the replied author (Discord clients' default: true), putting them in `mentions`. */
  pingRepliedAuthor?: boolean;
}
