/**
 * Token scopes per Web API method, from each method's reference page on docs.slack.dev ("Scopes: Bot
 * token"). A token without the scope gets HTTP 200 `{ ok:false, error:"missing_scope", needed, provided }`
 * (the shape Slack answers; `provided` lists the token's scopes, comma-separated). Bot tokens get the
 * scopes of slack/manifest.json (`oauth_config.scopes.bot`) unless a team says otherwise.
 */
import { readFileSync } from "node:fs";
import { SlackApiError } from "./method-types.js";
import type { ResolvedTeam } from "./types.js";

/** Methods whose scope does not depend on the conversation type. Methods absent here need none. */
export const METHOD_SCOPES: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.postEphemeral": "chat:write",
  "chat.update": "chat:write",
  "chat.delete": "chat:write",
  "users.info": "users:read",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};

/** Conversation methods: `<family>:<suffix>` for the family of the channel (channels, groups, im). */
export const CONVERSATION_SCOPES: Record<string, string> = {
  "conversations.history": "history",
  "conversations.replies": "history",
  "conversations.info": "read",
};

let manifestScopes: string[] | undefined;

/** `oauth_config.scopes.bot` of the app's manifest (what an install grants). */
export function manifestBotScopes(): string[] {
  if (!manifestScopes) {
    const path = new URL("../../../slack/manifest.json", import.meta.url);
    const m = JSON.parse(readFileSync(path, "utf8")) as { oauth_config: { scopes: { bot: string[] } } };
    manifestScopes = [...m.oauth_config.scopes.bot];
  }
  return [...manifestScopes];
}

export function requireScope(team: ResolvedTeam | undefined, needed: string): void {
  if (!team || team.scopes.includes(needed)) return;
  throw new SlackApiError("missing_scope", [], { needed, provided: team.scopes.join(",") });
}
