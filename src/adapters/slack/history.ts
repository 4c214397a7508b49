import type { webApi } from "@slack/bolt";
import { usageError } from "../../core/errors.js";
import { slackErrorCode } from "./slack-errors.js";

/** Slack's answers when the bot may not read a conversation (docs: conversations.history errors). */
const UNREADABLE = new Set(["channel_not_found", "not_in_channel", "missing_scope"]);

/**
 * The newest messages of a conversation (conversations.history). A conversation the bot cannot read — a DM
 * between other people, a channel it was not added to — is a usage error that says what to do instead.
 */
export async function channelHistory(client: webApi.WebClient, channel: string) {
  try {
    return await client.conversations.history({ channel, limit: 30 });
  } catch (err) {
    const code = slackErrorCode(err);
    if (!code || !UNREADABLE.has(code)) throw err;
    throw usageError(
      "slack_history_unreadable",
      "I can't read this conversation, so I can't see the files shared here. Invite me to the channel (/invite @theta-bot), share the file in a channel I'm in, or paste the file's link.",
    );
  }
}
