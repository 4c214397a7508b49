// @ts-nocheck
import { randomBytes } from "node:crypto";
import { channelName } from "./methods-info.js";
import {
  type BlockActionOptions,
  type Built,
  type EventOptions,
  resolveContext,
  type SlashCommandOptions,
  VERIFICATION_TOKEN,
  type ViewSubmissionOptions,
} from "./payload-common.js";
import { buildBlockAction, buildViewSubmission } from "./payloads-interactive.js";
import type { DoubleState } from "./state.js";

export * from "./payload-common.js";

/** Slash command form fields (all strings), with a response_url and trigger_id issued by the double. */
export function buildSlashCommand(state: DoubleState, o: SlashCommandOptions): Built {
  const { team, user, channel, ent } = resolveContext(state, o);
  const r = state.newResponseUrl({ team: team.id, channel, user: user.id });
  const triggerId = state.newTrigger();
  const body: Record<string, unknown> = {
    token: VERIFICATION_TOKEN,
    team_id: team.id,
    team_domain: team.domain,
    ...(ent ? { enterprise_id: ent, enterprise_name: ent } : {}),
    channel_id: channel,
    channel_name: channel.startsWith("D") ? "directmessage" : channelName(channel),
    user_id: user.id,
    user_name: user.name,
    command: o.command.startsWith("/") ? o.command : `/${o.command}`,
    text: o.text ?? "",
    api_app_id: state.options.appId,
    is_enterprise_install: "false",
    response_url: r.url,
    trigger_id: triggerId,
  };
  return { body, responseUrl: r.url, responseUrlId: r.id, triggerId };
}

/** event_callback envelope around app_mention / message / app_uninstalled / tokens_revoked / any type. */
export function buildEvent(state: DoubleState, o: EventOptions): Built {
  const { team, user, channel, ent } = resolveContext(state, o);
  const ts = o.ts ?? state.nextTs();
  const common = { ts, event_ts: ts, channel, user: user.id, team: team.id };
  const thread = o.threadTs ? { thread_ts: o.threadTs } : {};
  let inner: Record<string, unknown>;
  if (o.type === "app_mention") {
    inner = { type: o.type, ...common, text: o.text ?? `<@${team.botUserId}> hello`, ...thread };
  } else if (o.type === "message") {
    const channelType = channel.startsWith("D") ? "im" : channel.startsWith("G") ? "group" : "channel";
    inner = { type: o.type, ...common, text: o.text ?? "hello", channel_type: channelType, ...thread };
  } else if (o.type === "app_uninstalled") {
    inner = { type: o.type, event_ts: ts };
  } else if (o.type === "tokens_revoked") {
    inner = { type: o.type, tokens: { oauth: [], bot: [team.botUserId] }, event_ts: ts };
  } else {
    inner = { type: o.type, event_ts: ts };
  }
  if ((o.type === "app_uninstalled" || o.type === "tokens_revoked") && o.revoke !== false) {
    const tok = state.tokens.get(team.botToken);
    if (tok) tok.revoked = true;
  }
  const body: Record<string, unknown> = {
    token: VERIFICATION_TOKEN,
    team_id: team.id,
    context_team_id: team.id,
    context_enterprise_id: ent ?? null,
    api_app_id: state.options.appId,
    event: { ...inner, ...o.extra },
    type: "event_callback",
    event_id: o.eventId ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: ent ?? null,
        team_id: team.id,
        user_id: team.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(16).toString("base64url")}`,
  };
  return { body };
}

/** Body builders bound to one double; each registers its response_url and trigger_id with the double. */
export class PayloadBuilder {
  constructor(private readonly state: DoubleState) {}

  slashCommand(o: SlashCommandOptions): Built {
    return buildSlashCommand(this.state, o);
  }

  blockAction(o: BlockActionOptions): Built {
    return buildBlockAction(this.state, o);
  }

  viewSubmission(o: ViewSubmissionOptions): Built {
    return buildViewSubmission(this.state, o);
  }

  event(o: EventOptions): Built {
    return buildEvent(this.state, o);
  }
}
