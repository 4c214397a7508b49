/**
 * Conversations and membership, with the errors docs.slack.dev/reference/methods/chat.postMessage (and
 * conversations.history, files.completeUploadExternal) list: `channel_not_found` for an unknown id or a
 * private channel the bot is not in, `not_in_channel` for a public channel the bot is not in (posting
 * there needs chat:write.public), `is_archived` for an archived one. DMs (`D…`) exist for every user of
 * the team; posting to a user id `U…` goes to that DM.
 */
import { SlackApiError } from "./method-types.js";
import type { DoubleState } from "./state.js";
import type { ResolvedTeam } from "./types.js";

export interface SlackDoubleChannelOptions {
  id: string;
  name?: string;
  /** Private channel (docs: `groups:*` scopes; invisible to a bot that is not a member). */
  private?: boolean;
  archived?: boolean;
  /** Whether the bot user was added to it. Default true. */
  botIsMember?: boolean;
}

export interface ChannelRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isIm: boolean;
  botIsMember: boolean;
  /** DMs: the user on the other side. */
  user?: string;
}

export function channelRecord(o: SlackDoubleChannelOptions): ChannelRecord {
  return {
    id: o.id,
    name: o.name ?? (o.id === "C0000001" ? "general" : `channel-${o.id.toLowerCase()}`),
    isPrivate: o.private ?? false,
    isArchived: o.archived ?? false,
    isIm: false,
    botIsMember: o.botIsMember ?? true,
  };
}

/** The app's DM with `userId` (`D` + the user id's tail), if that user is on the team. */
function dm(team: ResolvedTeam | undefined, id: string): ChannelRecord | undefined {
  const user = team?.users.find((u) => `D${u.id.slice(1)}` === id);
  if (!user || user.isBot) return undefined;
  return { id, name: id, isPrivate: true, isArchived: false, isIm: true, botIsMember: true, user: user.id };
}

/** A channel the calling bot can see, else `channel_not_found`. */
export function visibleChannel(
  state: DoubleState,
  team: ResolvedTeam | undefined,
  id: string,
): ChannelRecord {
  const ch = id.startsWith("D") ? dm(team, id) : state.channels.get(id);
  if (!ch || (ch.isPrivate && !ch.botIsMember)) throw new SlackApiError("channel_not_found");
  return ch;
}

/** Posting (chat.postMessage, files.completeUploadExternal): membership or chat:write.public, not archived. */
export function postableChannel(
  state: DoubleState,
  team: ResolvedTeam | undefined,
  id: string,
): ChannelRecord {
  const ch = visibleChannel(state, team, id);
  if (ch.isArchived) throw new SlackApiError("is_archived");
  if (!ch.botIsMember && !team?.scopes.includes("chat:write.public"))
    throw new SlackApiError("not_in_channel");
  return ch;
}

/** Reading history: the bot must be a member. */
export function memberChannel(state: DoubleState, team: ResolvedTeam | undefined, id: string): ChannelRecord {
  const ch = visibleChannel(state, team, id);
  if (!ch.botIsMember) throw new SlackApiError("not_in_channel");
  return ch;
}

/** The scope family of a conversation: channels / groups / im (docs: "Conversation types"). */
export function scopeFamily(ch: ChannelRecord): "channels" | "groups" | "im" {
  return ch.isIm ? "im" : ch.isPrivate ? "groups" : "channels";
}
