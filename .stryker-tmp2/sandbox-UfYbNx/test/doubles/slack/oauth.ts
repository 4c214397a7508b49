// @ts-nocheck
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendText, str } from "./http-util.js";
import { type MethodTable, requireArg, SlackApiError } from "./method-types.js";
import { resolveTeam } from "./options.js";
import type { DoubleState } from "./state.js";

export interface InstallOptions {
  /** Install into this workspace (an existing one keeps its bot token); default: a brand-new workspace. */
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  /** The installing user (authed_user.id); default the workspace's first admin. */
  userId?: string;
}

/** Mints a one-time authorization code, as Slack does when a user clicks "Allow". */
export function mintCode(state: DoubleState, opts: InstallOptions = {}): string {
  let team = opts.teamId !== undefined ? state.team(opts.teamId) : undefined;
  if (!team) {
    let id = opts.teamId ?? state.nextId("T9");
    while (opts.teamId === undefined && state.team(id)) id = state.nextId("T9");
    team = resolveTeam(
      {
        id,
        name: opts.teamName ?? `Installed ${id}`,
        ...(opts.enterpriseId !== undefined ? { enterpriseId: opts.enterpriseId } : {}),
      },
      `xoxb-${id}-${randomBytes(12).toString("hex")}`,
    );
    state.addTeam(team);
  }
  const installer =
    opts.userId ?? team.users.find((u) => u.isAdmin)?.id ?? team.users[0]?.id ?? "U0INSTALLER";
  const code = `${Date.now()}.${randomBytes(16).toString("hex")}`;
  state.oauthCodes.set(code, {
    code,
    teamId: team.id,
    userId: installer,
    isEnterpriseInstall: false,
    used: false,
  });
  return code;
}

export const oauthMethods: MethodTable = {
  "oauth.v2.access": {
    auth: "none",
    handler: (ctx) => {
      const { options } = ctx.state;
      if (str(ctx.args.grant_type) === "refresh_token") throw new SlackApiError("invalid_refresh_token");
      if (str(ctx.args.client_id) !== options.clientId) throw new SlackApiError("invalid_client_id");
      if (str(ctx.args.client_secret) !== options.clientSecret) throw new SlackApiError("bad_client_secret");
      const rec = ctx.state.oauthCodes.get(requireArg(ctx, "code", "invalid_code"));
      if (!rec || rec.used) throw new SlackApiError("invalid_code");
      rec.used = true;
      const team = ctx.state.team(rec.teamId);
      if (!team) throw new SlackApiError("invalid_code");
      // Reinstalling after an uninstall brings the token back to life.
      const tok = ctx.state.tokens.get(team.botToken);
      if (tok) tok.revoked = false;
      return {
        app_id: options.appId,
        authed_user: { id: rec.userId },
        scope: team.scopes.join(","),
        token_type: "bot",
        access_token: team.botToken,
        bot_user_id: team.botUserId,
        team: { id: team.id, name: team.name },
        enterprise:
          team.enterpriseId !== undefined ? { id: team.enterpriseId, name: team.enterpriseId } : null,
        is_enterprise_install: rec.isEnterpriseInstall,
      };
    },
  },
};

/**
 * GET /oauth/v2/authorize — the page a user approves. Point `installerOptions.authorizationUrl` here;
 * the double approves at once and 302s to `redirect_uri?code=…&state=…` (reusing `code` if the URL has one).
 */
export function handleAuthorize(state: DoubleState, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", state.baseUrl);
  const q = url.searchParams;
  const redirect = q.get("redirect_uri") ?? state.options.redirectUri;
  let status = 302;
  let error: string | undefined;
  if (q.get("client_id") !== state.options.clientId) error = "invalid_client_id";
  else if (!redirect) error = "bad_redirect_uri: pass redirect_uri or set double.options.redirectUri";
  if (error) status = 400;
  state.record({
    method: "oauth.authorize",
    body: Object.fromEntries(q),
    time: Date.now(),
    status,
    ...(error ? { error } : {}),
  });
  if (error || !redirect) {
    sendText(res, 400, error ?? "bad_request");
    return;
  }
  const code = q.get("code") ?? mintCode(state);
  const target = new URL(redirect);
  target.searchParams.set("code", code);
  const st = q.get("state");
  if (st !== null) target.searchParams.set("state", st);
  res.writeHead(302, { location: target.toString() });
  res.end();
}
