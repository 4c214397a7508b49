/** What tests pass to slashCommand / autocomplete / button / modalSubmit. */

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
