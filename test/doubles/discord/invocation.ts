/**
 * Invocations checked against what the app registered. Discord only delivers a CHAT_INPUT interaction for
 * a command registered in that guild or globally, with options that exist under that command, of the
 * registered types, with required ones present, values inside the registered choices and ranges (the client
 * enforces them; docs.discord.com/developers/interactions/application-commands, "Application Command Option
 * Structure"). A test that fires something Discord would never send gets a thrown Error, not a payload.
 */
import type { ApplicationCommandRecord, DoubleState } from "./state.js";
import type { CommandOptionInput } from "./types-input.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const SNOWFLAKE = /^\d{15,22}$/;

export function registeredCommand(
  state: DoubleState,
  name: string,
  guildId: string | null,
): ApplicationCommandRecord {
  const all = [...state.commands.values()].filter((c) => c.body.name === name && (c.body.type ?? 1) === 1);
  const cmd =
    all.find((c) => guildId !== null && c.guildId === guildId) ?? all.find((c) => c.guildId === null);
  if (!cmd) {
    const scope = guildId ? `in guild ${guildId} or globally` : "globally";
    throw new Error(`discord double: /${name} is not registered ${scope}; Discord would not deliver it`);
  }
  // Docs: a global command reaches DMs only when its contexts include BOT_DM (1) — or, without contexts,
  // unless dm_permission is false; guild commands never do.
  const contexts = Array.isArray(cmd.body.contexts) ? cmd.body.contexts : null;
  if (guildId === null && (contexts ? !contexts.includes(1) : cmd.body.dm_permission === false)) {
    throw new Error(`discord double: /${name} is not available in DMs; Discord would not deliver it`);
  }
  return cmd;
}

function fail(where: string, why: string): never {
  throw new Error(`discord double: ${where}: ${why}; Discord would not deliver this interaction`);
}

function checkValue(where: string, def: Obj, o: CommandOptionInput, partial: boolean): void {
  const v = o.value;
  const t = def.type;
  const typeOk =
    t === 3
      ? typeof v === "string"
      : t === 4
        ? partial
          ? typeof v === "string" || Number.isInteger(v)
          : Number.isInteger(v)
        : t === 10
          ? typeof v === "number" || (partial && typeof v === "string")
          : t === 5
            ? typeof v === "boolean"
            : typeof v === "string" && SNOWFLAKE.test(v);
  if (!typeOk) fail(where, `value ${JSON.stringify(v)} does not fit option type ${String(t)}`);
  if (partial) return; // autocomplete sends what the user typed so far
  const choices = Array.isArray(def.choices) ? def.choices.filter(isObj) : [];
  if (choices.length > 0 && !choices.some((c) => c.value === v)) {
    fail(where, `value ${JSON.stringify(v)} is not one of the registered choices`);
  }
  if (typeof v === "string" && t === 3) {
    const n = [...v].length;
    if (typeof def.min_length === "number" && n < def.min_length)
      fail(where, `shorter than ${def.min_length}`);
    if (typeof def.max_length === "number" && n > def.max_length)
      fail(where, `longer than ${def.max_length}`);
  }
  if (typeof v === "number") {
    if (typeof def.min_value === "number" && v < def.min_value) fail(where, `below ${def.min_value}`);
    if (typeof def.max_value === "number" && v > def.max_value) fail(where, `above ${def.max_value}`);
  }
}

/** `autocomplete`: values may be partial and required options may still be missing; one is focused. */
/**
 * Docs: default_member_permissions hides a command from members without those permissions ("0": admins
 * only); Administrator (1 << 3) passes every check.
 */
export function checkMemberPermissions(cmd: ApplicationCommandRecord, memberPermissions: string): void {
  const required = cmd.body.default_member_permissions;
  if (typeof required !== "string") return;
  const have = BigInt(memberPermissions);
  if ((have & 8n) !== 0n) return;
  const need = BigInt(required);
  if (need === 0n || (have & need) !== need) {
    throw new Error(
      `discord double: /${String(cmd.body.name)} needs permissions ${required}; Discord hides it from this member`,
    );
  }
}

export function checkInvocation(
  command: string,
  defs: unknown,
  given: CommandOptionInput[],
  autocomplete: boolean,
): void {
  const list = Array.isArray(defs) ? defs.filter(isObj) : [];
  const hasSubs = list.some((d) => d.type === 1 || d.type === 2);
  if (hasSubs && given.length !== 1) fail(command, "exactly one subcommand or group must be given");
  for (const o of given) {
    const where = `${command} ${o.name}`;
    const def = list.find((d) => d.name === o.name);
    if (!def) fail(where, "no such option is registered");
    if (def.type !== o.type) fail(where, `registered as type ${String(def.type)}, sent as type ${o.type}`);
    if (o.type === 1 || o.type === 2) {
      checkInvocation(where, def.options, o.options ?? [], autocomplete);
      continue;
    }
    if (o.focused === true && def.autocomplete !== true)
      fail(where, "focused, but not registered with autocomplete");
    checkValue(where, def, o, autocomplete && o.focused === true);
  }
  if (autocomplete || hasSubs) return;
  for (const d of list) {
    if (d.required === true && !given.some((o) => o.name === d.name))
      fail(`${command} ${String(d.name)}`, "required option missing");
  }
}
