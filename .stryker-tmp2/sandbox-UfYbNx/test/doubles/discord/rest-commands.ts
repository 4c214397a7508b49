/** Application commands, global and per guild: bulk overwrite, create (upsert), list, get, edit, delete. */
// @ts-nocheck

import { ApiError, invalidForm, missingAccess } from "./http.js";
import { type Ctx, noContent, obj, ok, type Reply, type Route } from "./router.js";
import type { ApplicationCommandRecord, DoubleState } from "./state.js";

type Obj = Record<string, unknown>;
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(path: string, name: unknown, chatInput: boolean): void {
  const ok =
    typeof name === "string" &&
    (chatInput ? NAME.test(name) && name === name.toLowerCase() : name.length <= 32);
  if (!ok) throw invalidForm(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
}

function checkDescription(path: string, d: unknown): void {
  if (typeof d !== "string" || d.length < 1 || d.length > 100) {
    throw invalidForm(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
}

function checkOptions(path: string, options: unknown): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) throw invalidForm(path, "BASE_TYPE_LIST", "Must be an array.");
  if (options.length > 25) throw invalidForm(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  let seenOptional = false;
  options.forEach((raw, i) => {
    const o = obj(raw);
    checkName(`${path}.${i}.name`, o.name, true);
    checkDescription(`${path}.${i}.description`, o.description);
    if (o.required === true && seenOptional) {
      throw invalidForm(
        path,
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        "Required options must be placed before non-required options",
      );
    }
    if (o.required !== true && o.type !== 1 && o.type !== 2) seenOptional = true;
    if (Array.isArray(o.choices) && o.choices.length > 25) {
      throw invalidForm(`${path}.${i}.choices`, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    }
    if (o.type === 1 || o.type === 2) checkOptions(`${path}.${i}.options`, o.options);
  });
}

function checkCommand(path: string, body: Obj): void {
  const chatInput = (body.type ?? 1) === 1;
  checkName(`${path}name`, body.name, chatInput);
  if (chatInput) checkDescription(`${path}description`, body.description);
  checkOptions(`${path}options`, body.options);
}

function commandJson(state: DoubleState, c: ApplicationCommandRecord): Obj {
  const b = c.body;
  return {
    id: c.id,
    application_id: state.opts.applicationId,
    version: c.version,
    type: b.type ?? 1,
    name: b.name,
    name_localizations: b.name_localizations ?? null,
    description: b.description ?? "",
    description_localizations: b.description_localizations ?? null,
    ...(Array.isArray(b.options) && b.options.length > 0 ? { options: b.options } : {}),
    default_member_permissions: b.default_member_permissions ?? null,
    nsfw: b.nsfw ?? false,
    contexts: b.contexts ?? null,
    integration_types: b.integration_types ?? [0],
    ...(c.guildId ? { guild_id: c.guildId } : { dm_permission: b.dm_permission ?? true }),
  };
}

/** Scope check: our application, and a guild the bot is in. Returns the guild id or null (global). */
function scope(ctx: Ctx): string | null {
  if (ctx.params.app !== ctx.state.opts.applicationId) {
    throw new ApiError(403, 20012, "You are not authorized to perform this action on this application");
  }
  const g = ctx.params.guild;
  if (g === undefined) return null;
  if (!ctx.state.guilds.has(g)) throw missingAccess();
  return g;
}

const inScope = (state: DoubleState, guildId: string | null) =>
  [...state.commands.values()].filter((c) => c.guildId === guildId);

function find(ctx: Ctx): ApplicationCommandRecord {
  const guildId = scope(ctx);
  const c = ctx.state.commands.get(ctx.params.command ?? "");
  if (!c || c.guildId !== guildId) throw new ApiError(404, 10063, "Unknown application command");
  return c;
}

function upsert(
  state: DoubleState,
  guildId: string | null,
  body: Obj,
): { rec: ApplicationCommandRecord; created: boolean } {
  const existing = inScope(state, guildId).find(
    (c) => c.body.name === body.name && (c.body.type ?? 1) === (body.type ?? 1),
  );
  const rec: ApplicationCommandRecord = {
    id: existing?.id ?? state.snowflake(),
    guildId,
    body,
    version: state.snowflake(),
  };
  state.commands.set(rec.id, rec);
  return { rec, created: !existing };
}

function bulkOverwrite(ctx: Ctx): Reply {
  const guildId = scope(ctx);
  const list = Array.isArray(ctx.body.json) ? ctx.body.json.map(obj) : null;
  if (!list) throw invalidForm("_root", "BASE_TYPE_LIST", "Must be an array.");
  const names = new Set<string>();
  list.forEach((b, i) => {
    checkCommand(`${i}.`, b);
    const key = `${b.type ?? 1}:${String(b.name)}`;
    if (names.has(key))
      throw invalidForm(
        `${i}.name`,
        "APPLICATION_COMMANDS_DUPLICATE_NAME",
        "Application command names must be unique",
      );
    names.add(key);
  });
  if (list.filter((b) => (b.type ?? 1) === 1).length > 100) {
    throw new ApiError(400, 30032, "Maximum number of application commands reached (100)");
  }
  const keep = new Set(list.map((b) => upsert(ctx.state, guildId, b).rec.id));
  for (const c of inScope(ctx.state, guildId)) if (!keep.has(c.id)) ctx.state.commands.delete(c.id);
  return ok(inScope(ctx.state, guildId).map((c) => commandJson(ctx.state, c)));
}

function create(ctx: Ctx): Reply {
  const guildId = scope(ctx);
  const body = obj(ctx.body.json);
  checkCommand("", body);
  const { rec, created } = upsert(ctx.state, guildId, body);
  return ok(commandJson(ctx.state, rec), created ? 201 : 200);
}

function edit(ctx: Ctx): Reply {
  const c = find(ctx);
  const body = { ...c.body, ...obj(ctx.body.json) };
  checkCommand("", body);
  c.body = body;
  c.version = ctx.state.snowflake();
  return ok(commandJson(ctx.state, c));
}

export function registeredCommands(state: DoubleState, guildId: string | null): Obj[] {
  return inScope(state, guildId).map((c) => commandJson(state, c));
}

function routesFor(base: string): Route[] {
  return [
    {
      method: "GET",
      pattern: base,
      auth: true,
      handler: (ctx) => ok(registeredCommands(ctx.state, scope(ctx))),
    },
    { method: "PUT", pattern: base, auth: true, handler: bulkOverwrite },
    { method: "POST", pattern: base, auth: true, handler: create },
    {
      method: "GET",
      pattern: `${base}/:command`,
      auth: true,
      handler: (ctx) => ok(commandJson(ctx.state, find(ctx))),
    },
    { method: "PATCH", pattern: `${base}/:command`, auth: true, handler: edit },
    {
      method: "DELETE",
      pattern: `${base}/:command`,
      auth: true,
      handler: (ctx) => {
        ctx.state.commands.delete(find(ctx).id);
        return noContent();
      },
    },
  ];
}

export const commandRoutes: Route[] = [
  ...routesFor("/applications/:app/commands"),
  ...routesFor("/applications/:app/guilds/:guild/commands"),
];
