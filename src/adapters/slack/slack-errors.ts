/** The `error` of a failed Web API call (WebClient's platform errors carry Slack's answer in `data`). */
export function slackErrorCode(err: unknown): string | undefined {
  return (err as { data?: { error?: string } } | undefined)?.data?.error;
}

/** Slack's answers for a conversation the bot cannot post in (docs: chat.postMessage errors). */
export const NOT_POSTABLE = new Set(["channel_not_found", "not_in_channel", "is_archived"]);
