import type { Config } from "../config.js";

/**
 * A chat platform half set up: the variables present name what is missing and how to fix it.
 * `undefined` when the platform is either fully configured or not configured at all.
 */
export function discordMisconfigured(config: Config): string | undefined {
  const d = config.discord;
  if (d.token && !d.applicationId)
    return "DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: set it to the application id (Developer Portal → General Information → Application ID), or unset DISCORD_TOKEN to run without Discord.";
  if (d.applicationId && !d.token)
    return "DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not: set it to the bot token (Developer Portal → Bot → Reset Token), or unset DISCORD_APPLICATION_ID to run without Discord.";
  return undefined;
}

export function slackMisconfigured(config: Config): string | undefined {
  const s = config.slack;
  const oauth = {
    SLACK_CLIENT_ID: s.clientId,
    SLACK_CLIENT_SECRET: s.clientSecret,
    SLACK_STATE_SECRET: s.stateSecret,
  };
  const oauthSet = Object.entries(oauth).filter(([, v]) => v);
  if (oauthSet.length && oauthSet.length < 3) {
    const missing = Object.keys(oauth).filter((k) => !oauth[k as keyof typeof oauth]);
    return `${oauthSet.map(([k]) => k).join(" and ")} ${oauthSet.length > 1 ? "are" : "is"} set but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not: multi-workspace installs need all three (or unset them and use SLACK_BOT_TOKEN for one workspace).`;
  }
  const auth = s.botToken || oauthSet.length === 3;
  const transport = s.signingSecret || s.appToken;
  if (auth && !transport)
    return `${s.botToken ? "SLACK_BOT_TOKEN" : "SLACK_CLIENT_ID"} is set but Slack cannot reach the bot: set SLACK_SIGNING_SECRET (HTTP receiver on SLACK_PORT, path /slack/events) or SLACK_APP_TOKEN (Socket Mode, an xapp- token), or unset ${s.botToken ? "SLACK_BOT_TOKEN" : "the SLACK_CLIENT_* variables"} to run without Slack.`;
  if (transport && !auth)
    return `${s.signingSecret ? "SLACK_SIGNING_SECRET" : "SLACK_APP_TOKEN"} is set but no bot token is: set SLACK_BOT_TOKEN (one workspace: OAuth & Permissions → Bot User OAuth Token) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (many workspaces).`;
  return undefined;
}
