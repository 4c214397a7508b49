// @ts-nocheck
import type {
  ResolvedSlackDoubleOptions,
  ResolvedTeam,
  ResolvedUser,
  SlackDoubleOptions,
  SlackDoubleTeamOptions,
} from "./types.js";

export const DEFAULT_TEAM_ID = "T0000001";
export const DEFAULT_CHANNEL_ID = "C0000001";
export const DEFAULT_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "files:write",
  "users:read",
  "channels:read",
  "channels:history",
  "app_mentions:read",
];

const DEFAULT_USERS: SlackDoubleTeamOptions["users"] = [
  { id: "U0ADMIN", name: "admin", isAdmin: true },
  { id: "U0MEMBER", name: "member" },
];

function suffix(teamId: string): string {
  return teamId.replace(/^T/, "").toUpperCase();
}

export function resolveTeam(team: SlackDoubleTeamOptions, fallbackToken: string): ResolvedTeam {
  const botUserId = `U0BOT${suffix(team.id)}`;
  const users: ResolvedUser[] = (team.users ?? DEFAULT_USERS ?? []).map((u) => ({
    id: u.id,
    name: u.name ?? u.id.toLowerCase(),
    isAdmin: u.isAdmin ?? false,
    isOwner: u.isOwner ?? false,
    isBot: false,
  }));
  users.push({ id: botUserId, name: "theta-bot", isAdmin: false, isOwner: false, isBot: true });
  const name = team.name ?? `Team ${team.id}`;
  return {
    id: team.id,
    name,
    domain: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    ...(team.enterpriseId !== undefined ? { enterpriseId: team.enterpriseId } : {}),
    botToken: team.botToken ?? fallbackToken,
    botUserId,
    botId: `B0BOT${suffix(team.id)}`,
    scopes: [...DEFAULT_BOT_SCOPES],
    users,
  };
}

export function resolveOptions(options: SlackDoubleOptions = {}): ResolvedSlackDoubleOptions {
  const botToken = options.botToken ?? "xoxb-0000001-test-bot-token";
  const teamOptions = options.teams ?? [{ id: DEFAULT_TEAM_ID, name: "Theta Test" }];
  return {
    signingSecret: options.signingSecret ?? "test-signing-secret-0123456789abcdef",
    botToken,
    appToken: options.appToken ?? "xapp-1-A0000001-0000000001-test-app-token",
    clientId: options.clientId ?? "1111111111.2222222222",
    clientSecret: options.clientSecret ?? "test-client-secret",
    appId: options.appId ?? "A0000001",
    ...(options.redirectUri !== undefined ? { redirectUri: options.redirectUri } : {}),
    teams: teamOptions.map((t, i) => resolveTeam(t, i === 0 ? botToken : `xoxb-${t.id}-bot-token`)),
    port: options.port ?? 0,
  };
}
