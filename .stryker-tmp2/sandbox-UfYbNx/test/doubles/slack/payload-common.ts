// @ts-nocheck
import { DEFAULT_CHANNEL_ID } from "./options.js";
import type { DoubleState } from "./state.js";
import type { ResolvedTeam, ResolvedUser } from "./types.js";

/** Legacy verification token Slack still puts in bodies; Bolt ignores it. */
export const VERIFICATION_TOKEN = "double-verification-token";

export interface CommonOptions {
  teamId?: string;
  userId?: string;
  channelId?: string;
  /** Defaults to the team's enterpriseId. */
  enterpriseId?: string;
}
export interface SlashCommandOptions extends CommonOptions {
  command: string;
  text?: string;
}
export interface BlockActionOptions extends CommonOptions {
  actionId: string;
  /** Default: the block holding actionId in the clicked message, else "block-<actionId>". */
  blockId?: string;
  value?: string;
  actionType?: string;
  /** The clicked message; default the newest bot message in the channel. */
  messageTs?: string;
  /** Click inside this modal instead of a message. */
  viewId?: string;
}
export interface ViewSubmissionOptions extends CommonOptions {
  /** A view opened through views.open/push: callback_id, metadata and blocks come from it. */
  viewId?: string;
  callbackId?: string;
  privateMetadata?: string;
  /** block_id → action_id → string (plain_text_input) or the full state value object. */
  values?: Record<string, Record<string, string | Record<string, unknown>>>;
  type?: "view_submission" | "view_closed";
}
export interface EventOptions extends CommonOptions {
  type: string;
  text?: string;
  threadTs?: string;
  ts?: string;
  eventId?: string;
  eventTime?: number;
  /** Merged into the inner event last (e.g. { subtype:"bot_message", bot_id }). */
  extra?: Record<string, unknown>;
  /** app_uninstalled / tokens_revoked revoke the team's bot token first, as Slack does (default true). */
  revoke?: boolean;
}
export interface Built {
  body: Record<string, unknown>;
  responseUrl?: string;
  responseUrlId?: string;
  triggerId?: string;
}

export function resolveContext(
  state: DoubleState,
  o: CommonOptions,
): { team: ResolvedTeam; user: ResolvedUser; channel: string; ent?: string } {
  const team = o.teamId !== undefined ? state.team(o.teamId) : state.defaultTeam();
  if (!team) throw new Error(`slack double: unknown team ${o.teamId}`);
  const user = team.users.find((u) => u.id === (o.userId ?? team.users[0]?.id)) ?? {
    id: o.userId ?? "U0UNKNOWN",
    name: (o.userId ?? "unknown").toLowerCase(),
    isAdmin: false,
    isOwner: false,
    isBot: false,
  };
  const ent = o.enterpriseId ?? team.enterpriseId;
  return { team, user, channel: o.channelId ?? DEFAULT_CHANNEL_ID, ...(ent !== undefined ? { ent } : {}) };
}

export function teamJson(team: ResolvedTeam, ent?: string): Record<string, unknown> {
  return { id: team.id, domain: team.domain, ...(ent ? { enterprise_id: ent, enterprise_name: ent } : {}) };
}

export function userJson(user: ResolvedUser, team: ResolvedTeam): Record<string, unknown> {
  return { id: user.id, username: user.name, name: user.name, team_id: team.id };
}
