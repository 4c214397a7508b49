// @ts-nocheck
import { channelName } from "./methods-info.js";
import {
  type BlockActionOptions,
  type Built,
  resolveContext,
  teamJson,
  userJson,
  VERIFICATION_TOKEN,
  type ViewSubmissionOptions,
} from "./payload-common.js";
import type { DoubleState } from "./state.js";
import type { StoredMessage } from "./types.js";

type Block = { block_id?: unknown; elements?: unknown; accessory?: unknown };
type Element = { action_id?: unknown; value?: unknown; text?: unknown; type?: unknown };

function findAction(blocks: unknown, actionId: string): { blockId?: string; el?: Element } {
  if (!Array.isArray(blocks)) return {};
  for (const b of blocks as Block[]) {
    const els = [...(Array.isArray(b.elements) ? b.elements : []), b.accessory] as Element[];
    const el = els.find((e) => e?.action_id === actionId);
    if (el) return { ...(typeof b.block_id === "string" ? { blockId: b.block_id } : {}), el };
  }
  return {};
}

/** block_actions: a click on a message button (with response_url) or inside a modal (viewId). */
export function buildBlockAction(state: DoubleState, o: BlockActionOptions): Built {
  const { team, user, channel, ent } = resolveContext(state, o);
  const triggerId = state.newTrigger();
  const view = o.viewId !== undefined ? state.views.get(o.viewId) : undefined;
  const msg: StoredMessage | undefined =
    o.viewId !== undefined
      ? undefined
      : o.messageTs !== undefined
        ? state.findMessage(channel, o.messageTs)
        : state.messages.filter((m) => m.channel === channel && !m.deleted && m.bot_id === team.botId).at(-1);
  const messageTs = o.messageTs ?? msg?.ts ?? state.nextTs();
  const found = findAction(view ? view.view.blocks : msg?.blocks, o.actionId);
  const value = o.value ?? (typeof found.el?.value === "string" ? found.el.value : undefined);
  const action = {
    type: o.actionType ?? (typeof found.el?.type === "string" ? found.el.type : "button"),
    action_id: o.actionId,
    block_id: o.blockId ?? found.blockId ?? `block-${o.actionId}`,
    text: found.el?.text ?? { type: "plain_text", text: o.actionId, emoji: true },
    ...(value !== undefined ? { value } : {}),
    action_ts: `${(Date.now() / 1000).toFixed(6)}`,
  };
  const base: Record<string, unknown> = {
    type: "block_actions",
    user: userJson(user, team),
    api_app_id: state.options.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    team: teamJson(team, ent),
    enterprise: ent ? { id: ent, name: ent } : null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [action],
  };
  if (o.viewId !== undefined) {
    const v = view?.view ?? {};
    const body = {
      ...base,
      container: { type: "view", view_id: o.viewId },
      view: {
        id: o.viewId,
        team_id: team.id,
        type: "modal",
        state: { values: {} },
        hash: view?.hash ?? "",
        ...v,
      },
    };
    return { body, triggerId };
  }
  const r = state.newResponseUrl({ team: team.id, channel, user: user.id, messageTs });
  const ephemeral = msg?.ephemeralUser !== undefined;
  const body = {
    ...base,
    container: { type: "message", message_ts: messageTs, channel_id: channel, is_ephemeral: ephemeral },
    channel: { id: channel, name: channelName(channel) },
    // Slack omits `message` for clicks on ephemeral messages.
    ...(ephemeral
      ? {}
      : {
          message: {
            type: "message",
            ts: messageTs,
            text: msg?.text ?? "",
            user: msg?.user ?? team.botUserId,
            bot_id: msg?.bot_id ?? team.botId,
            team: team.id,
            blocks: msg?.blocks ?? [],
            ...(msg?.thread_ts ? { thread_ts: msg.thread_ts } : {}),
          },
        }),
    response_url: r.url,
  };
  return { body, responseUrl: r.url, responseUrlId: r.id, triggerId };
}

/** view_submission / view_closed; a viewId opened through views.open supplies callback_id and metadata. */
export function buildViewSubmission(state: DoubleState, o: ViewSubmissionOptions): Built {
  const { team, user, ent } = resolveContext(state, o);
  const stored = o.viewId !== undefined ? state.views.get(o.viewId) : undefined;
  const v = stored?.view ?? {};
  const id = o.viewId ?? state.nextId("V");
  const values: Record<string, Record<string, unknown>> = {};
  for (const [blockId, actions] of Object.entries(o.values ?? {})) {
    values[blockId] = Object.fromEntries(
      Object.entries(actions).map(([a, val]) => [
        a,
        typeof val === "string" ? { type: "plain_text_input", value: val } : val,
      ]),
    );
  }
  const triggerId = state.newTrigger();
  const view = {
    id,
    team_id: team.id,
    type: "modal",
    blocks: v.blocks ?? [],
    title: v.title ?? { type: "plain_text", text: "Modal" },
    close: v.close ?? null,
    submit: v.submit ?? null,
    private_metadata: o.privateMetadata ?? v.private_metadata ?? "",
    callback_id: o.callbackId ?? v.callback_id ?? "",
    external_id: v.external_id ?? "",
    state: { values },
    hash: stored?.hash ?? `${Math.floor(Date.now() / 1000)}.double`,
    clear_on_close: v.clear_on_close ?? false,
    notify_on_close: v.notify_on_close ?? false,
    root_view_id: stored?.rootViewId ?? id,
    previous_view_id: stored?.previousViewId ?? null,
    app_id: state.options.appId,
    app_installed_team_id: team.id,
    bot_id: team.botId,
  };
  const type = o.type ?? "view_submission";
  const body: Record<string, unknown> = {
    type,
    team: teamJson(team, ent),
    user: userJson(user, team),
    api_app_id: state.options.appId,
    token: VERIFICATION_TOKEN,
    ...(type === "view_submission" ? { trigger_id: triggerId, response_urls: [] } : { is_cleared: false }),
    view,
    enterprise: ent ? { id: ent, name: ent } : null,
    is_enterprise_install: false,
  };
  return { body, triggerId };
}
