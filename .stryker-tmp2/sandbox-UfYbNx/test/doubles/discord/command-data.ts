/** The `data` side of command interactions: command ids, and `resolved` objects for option values. */
// @ts-nocheck

import { createHash } from "node:crypto";
import { channelJson, memberJson, roleJson, userJson } from "./payloads.js";
import type { DoubleState, GuildRecord } from "./state.js";
import type { CommandOptionInput, SlashCommandInput } from "./types-input.js";

type Obj = Record<string, unknown>;
/** Dispatches to send before the interaction (GUILD_ROLE_CREATE for roles the guild did not know). */
export type Before = Array<{ t: string; d: Obj }>;

export function ensureRole(g: GuildRecord, id: string, before: Before): Obj {
  let r = g.roles.get(id);
  if (!r) {
    r = { id, name: `role-${id.slice(-4)}`, permissions: "0", position: g.roles.size };
    g.roles.set(id, r);
    before.push({ t: "GUILD_ROLE_CREATE", d: { guild_id: g.id, role: roleJson(r) } });
  }
  return roleJson(r);
}

export function commandMeta(state: DoubleState, name: string, guildId: string | null): Obj {
  const cmds = [...state.commands.values()].filter((c) => c.body.name === name && (c.body.type ?? 1) === 1);
  const cmd =
    cmds.find((c) => c.guildId === guildId && guildId !== null) ?? cmds.find((c) => c.guildId === null);
  if (cmd) return { id: cmd.id, name, type: 1, ...(cmd.guildId ? { guild_id: cmd.guildId } : {}) };
  // Not registered: a stable made-up id per name.
  const n = BigInt(`0x${createHash("sha1").update(name).digest("hex").slice(0, 15)}`) % 10n ** 17n;
  return { id: `1${n.toString().padStart(17, "0")}`, name, type: 1 };
}

/** Fills `resolved` for user/channel/role/mentionable/attachment options, walking subcommands. */
export function resolvedFor(
  state: DoubleState,
  options: CommandOptionInput[],
  g: GuildRecord | null,
  input: SlashCommandInput,
  before: Before,
): Obj {
  const resolved: Record<string, Obj> = {};
  const put = (kind: string, id: string, v: Obj) => {
    resolved[kind] ??= {};
    (resolved[kind] as Obj)[id] = v;
  };
  const userFor = (id: string) => {
    const known = g?.members.get(id);
    const u = { id, username: known?.username ?? `user${id.slice(-4)}` };
    put("users", id, userJson(u));
    if (g) {
      const { user: _u, ...member } = memberJson(u, known?.roles ?? [], known?.joinedAt ?? state.now());
      put("members", id, { ...member, permissions: "0" });
    }
  };
  const walk = (opts: CommandOptionInput[]) => {
    for (const o of opts) {
      if (o.options) walk(o.options);
      const id = typeof o.value === "string" ? o.value : null;
      if (id === null) continue;
      if (o.type === 6 || (o.type === 9 && !g?.roles.has(id))) userFor(id);
      else if (o.type === 8 || o.type === 9) {
        if (g) put("roles", id, ensureRole(g, id, before));
      } else if (o.type === 7) {
        const ch = state.channels.get(id) ?? state.addChannel(g?.id ?? null, { id });
        put("channels", id, { ...channelJson(state, ch), permissions: state.botPermissions(id).toString() });
      } else if (o.type === 11) {
        const a = input.attachments?.[id];
        if (!a)
          throw new Error(`discord double: option ${o.name} names attachment ${id}, not in attachments`);
        put("attachments", id, { proxy_url: a.url, ...a });
      }
    }
  };
  walk(options);
  return resolved;
}
