// @ts-nocheck
import { validateView } from "./blocks.js";
import { str } from "./http-util.js";
import {
  type MethodContext,
  type MethodTable,
  requireArg,
  requireTeam,
  SlackApiError,
} from "./method-types.js";
import { TRIGGER_TTL_MS } from "./state.js";
import type { StoredView } from "./types.js";

export function viewJson(v: StoredView, ctx: MethodContext): Record<string, unknown> {
  const team = ctx.state.team(v.team);
  const view = v.view;
  return {
    id: v.id,
    team_id: v.team,
    type: view.type ?? "modal",
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? "",
    callback_id: view.callback_id ?? "",
    state: { values: {} },
    hash: v.hash,
    title: view.title,
    close: view.close ?? null,
    submit: view.submit ?? null,
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    external_id: view.external_id ?? "",
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: ctx.state.options.appId,
    app_installed_team_id: v.team,
    bot_id: team?.botId ?? "",
  };
}

/** trigger_id rules: issued by this double, used once, within 3 s. */
function consumeTrigger(ctx: MethodContext): string {
  const id = requireArg(ctx, "trigger_id");
  const t = ctx.state.triggers.get(id);
  if (!t) throw new SlackApiError("invalid_trigger_id");
  if (t.used) throw new SlackApiError("exchanged_trigger_id");
  if (Date.now() - t.created > TRIGGER_TTL_MS) throw new SlackApiError("expired_trigger_id");
  t.used = true;
  return id;
}

function viewArg(ctx: MethodContext): Record<string, unknown> {
  const view = ctx.args.view;
  if (view === null || typeof view !== "object" || Array.isArray(view)) {
    throw new SlackApiError("invalid_arguments", [
      "[ERROR] failed to match all allowed schemas [json-pointer:/view]",
    ]);
  }
  const errors = validateView(view);
  if (errors.length) throw new SlackApiError("invalid_arguments", errors);
  return view as Record<string, unknown>;
}

function newHash(ctx: MethodContext): string {
  return `${Math.floor(Date.now() / 1000)}.${ctx.state.nextId("h")}`;
}

function open(ctx: MethodContext, previous: StoredView | undefined): Record<string, unknown> {
  const team = requireTeam(ctx);
  const trigger = consumeTrigger(ctx);
  const id = ctx.state.nextId("V");
  const v: StoredView = {
    id,
    team: team.id,
    view: viewArg(ctx),
    hash: newHash(ctx),
    rootViewId: previous?.rootViewId ?? id,
    previousViewId: previous?.id ?? null,
    updates: 0,
    openedWithTrigger: trigger,
  };
  ctx.state.views.set(id, v);
  return { view: viewJson(v, ctx) };
}

export const viewMethods: MethodTable = {
  "views.open": { auth: "bot", handler: (ctx) => open(ctx, undefined) },
  "views.push": {
    auth: "bot",
    handler: (ctx) => {
      const last = [...ctx.state.views.values()].filter((v) => v.team === ctx.team?.id).at(-1);
      return open(ctx, last);
    },
  },
  "views.update": {
    auth: "bot",
    handler: (ctx) => {
      const viewId = str(ctx.args.view_id);
      const externalId = str(ctx.args.external_id);
      if (!viewId && !externalId)
        throw new SlackApiError("invalid_arguments", ["[ERROR] view_id or external_id required"]);
      const v = viewId
        ? ctx.state.views.get(viewId)
        : [...ctx.state.views.values()].find((x) => x.view.external_id === externalId);
      if (!v || v.team !== ctx.team?.id) throw new SlackApiError("not_found");
      const hash = str(ctx.args.hash);
      if (hash !== undefined && hash !== v.hash) throw new SlackApiError("hash_conflict");
      v.view = viewArg(ctx);
      v.hash = newHash(ctx);
      v.updates += 1;
      return { view: viewJson(v, ctx) };
    },
  },
};
