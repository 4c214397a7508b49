/** Permission bits the double reasons about (Discord's PermissionFlagsBits). */
// @ts-nocheck


export const P = {
  administrator: 1n << 3n,
  addReactions: 1n << 6n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageMessages: 1n << 13n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  useExternalEmojis: 1n << 18n,
  useApplicationCommands: 1n << 31n,
  createPublicThreads: 1n << 35n,
  createPrivateThreads: 1n << 36n,
  sendMessagesInThreads: 1n << 38n,
} as const;

/** Every bit up to SendPolls/UseExternalApps (bit 50). */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** What a bot normally has in a text channel: view, send, embed, attach, history, threads, reactions. */
export const DEFAULT_TEXT_PERMISSIONS =
  P.addReactions |
  P.viewChannel |
  P.sendMessages |
  P.embedLinks |
  P.attachFiles |
  P.readMessageHistory |
  P.useExternalEmojis |
  P.useApplicationCommands |
  P.createPublicThreads |
  P.sendMessagesInThreads;

export function has(bits: bigint, flag: bigint): boolean {
  return (bits & P.administrator) === P.administrator || (bits & flag) === flag;
}

/**
 * channelPermissions: a Map whose writes are reported, so the double can push CHANNEL_UPDATE
 * (discord.js then recomputes `channel.permissionsFor(me)`).
 */
export class PermissionMap extends Map<string, string> {
  onChange: ((channelId: string) => void) | null = null;

  override set(key: string, value: string): this {
    super.set(key, value);
    this.onChange?.(key);
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.onChange?.(key);
    return had;
  }
}
