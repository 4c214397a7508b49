/**
 * Application command registration rules, as docs.discord.com/developers/interactions/application-commands
 * states them ("Application Command Naming", "Application Command Structure", "Application Command Option
 * Structure", "Registering a Command"). A broken rule answers 400 50035 Invalid Form Body with the error at
 * the field's path (e.g. `0.options.2.name` in a bulk PUT). The `code` strings inside `_errors` follow the
 * ones Discord returns where known (BASE_TYPE_*, APPLICATION_COMMAND_INVALID_NAME, …); the rest are the
 * double's names for a documented rule.
 */
import { invalidForm } from "./http.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Docs: CHAT_INPUT command and option names (unicode flag); lowercase variants where there are any. */
export const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const SUB_COMMAND = 1;
export const SUB_COMMAND_GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const NUMBER = 10;
/** Docs: "Application Command Option Type": 1 SUB_COMMAND … 11 ATTACHMENT. */
const OPTION_TYPES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Docs: min_value/max_value of INTEGER and NUMBER lie between -2^53 and 2^53. */
const LIMIT_53 = 2 ** 53;
/** Docs: combined name, description and value characters of a command, its options and choices. */
export const MAX_COMMAND_CHARS = 4000;

const len = (s: unknown) => (typeof s === "string" ? [...s].length : 0);

function checkName(path: string, name: unknown, chatInput: boolean): void {
  const ok =
    typeof name === "string" &&
    (chatInput ? NAME.test(name) && name === name.toLowerCase() : len(name) >= 1 && len(name) <= 32);
  if (!ok) throw invalidForm(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
}

function checkDescription(path: string, d: unknown): void {
  if (typeof d !== "string" || len(d) < 1 || len(d) > 100) {
    throw invalidForm(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
}

function checkChoices(path: string, o: Obj): void {
  if (o.choices === undefined || o.choices === null) return;
  if (!Array.isArray(o.choices)) throw invalidForm(path, "BASE_TYPE_LIST", "Must be an array.");
  if (![STRING, INTEGER, NUMBER].includes(o.type as number)) {
    throw invalidForm(path, "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Choices are not allowed here");
  }
  if (o.choices.length > 25)
    throw invalidForm(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  if (o.autocomplete === true && o.choices.length > 0) {
    // Docs: "autocomplete may not be set to true if choices are present".
    throw invalidForm(
      `${path.replace(/\.choices$/, "")}.autocomplete`,
      "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES",
      "Autocomplete cannot be enabled on options with choices",
    );
  }
  o.choices.forEach((raw: unknown, i: number) => {
    const c = isObj(raw) ? raw : {};
    if (len(c.name) < 1 || len(c.name) > 100) {
      throw invalidForm(`${path}.${i}.name`, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
    }
    const v = c.value;
    const ok =
      o.type === STRING
        ? typeof v === "string" && len(v) >= 1 && len(v) <= 100
        : typeof v === "number" && (o.type !== INTEGER || Number.isInteger(v)) && Math.abs(v) <= LIMIT_53;
    if (!ok) throw invalidForm(`${path}.${i}.value`, "BASE_TYPE_BAD_VALUE", "Invalid choice value");
  });
}

function checkRanges(path: string, o: Obj): void {
  const numeric = o.type === INTEGER || o.type === NUMBER;
  for (const k of ["min_value", "max_value"] as const) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    const ok = numeric && typeof v === "number" && Math.abs(v) <= LIMIT_53;
    if (!ok || (o.type === INTEGER && !Number.isInteger(v))) {
      throw invalidForm(`${path}.${k}`, "NUMBER_TYPE_COERCE", `Value "${String(v)}" is not a valid number.`);
    }
  }
  if (typeof o.min_value === "number" && typeof o.max_value === "number" && o.min_value > o.max_value) {
    throw invalidForm(`${path}.min_value`, "NUMBER_TYPE_MAX", "min_value must not exceed max_value");
  }
  // Docs: min_length 0–6000, max_length 1–6000, STRING only.
  const bounds = { min_length: 0, max_length: 1 } as const;
  for (const k of ["min_length", "max_length"] as const) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (o.type !== STRING || typeof v !== "number" || !Number.isInteger(v) || v < bounds[k] || v > 6000) {
      throw invalidForm(
        `${path}.${k}`,
        "NUMBER_TYPE_MAX",
        `int value should be between ${bounds[k]} and 6000.`,
      );
    }
  }
  if (typeof o.min_length === "number" && typeof o.max_length === "number" && o.min_length > o.max_length) {
    throw invalidForm(`${path}.min_length`, "NUMBER_TYPE_MAX", "min_length must not exceed max_length");
  }
  if (o.autocomplete === true && ![STRING, INTEGER, NUMBER].includes(o.type as number)) {
    throw invalidForm(`${path}.autocomplete`, "BASE_TYPE_BAD_VALUE", "Autocomplete is not allowed here");
  }
}

/** Where a list of options sits: the command, a subcommand group, or a subcommand. */
type Level = "command" | "group" | "subcommand";

function checkOptions(path: string, options: unknown, level: Level): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) throw invalidForm(path, "BASE_TYPE_LIST", "Must be an array.");
  if (options.length > 25) throw invalidForm(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  const list = options.map((o) => (isObj(o) ? o : {}));
  const subs = list.filter((o) => o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP).length;
  // Docs ("Subcommands and Subcommand Groups"): a command holds either subcommands/groups or plain options;
  // a group holds only subcommands; a subcommand holds no subcommands or groups.
  const mixed =
    (level === "command" && subs > 0 && subs < list.length) ||
    (level === "group" && list.some((o) => o.type !== SUB_COMMAND)) ||
    (level === "subcommand" && subs > 0);
  const names = new Set<string>();
  let seenOptional = false;
  list.forEach((o, i) => {
    const at = `${path}.${i}`;
    if (!OPTION_TYPES.includes(o.type as number)) {
      throw invalidForm(
        `${at}.type`,
        "BASE_TYPE_CHOICES",
        `Value must be one of {${OPTION_TYPES.join(", ")}}.`,
      );
    }
    if (mixed) {
      throw invalidForm(
        `${at}.type`,
        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
        "Sub-command and sub-command group option types are mutually exclusive to all other types",
      );
    }
    checkName(`${at}.name`, o.name, true);
    checkDescription(`${at}.description`, o.description);
    // Docs: "name must be unique within an array of application command options".
    if (names.has(String(o.name))) {
      throw invalidForm(
        `${at}.name`,
        "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME",
        "Option names must be unique",
      );
    }
    names.add(String(o.name));
    const isSub = o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP;
    // Docs: "Required options must be listed before optional options".
    if (!isSub && o.required === true && seenOptional) {
      throw invalidForm(
        path,
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        "Required options must be placed before non-required options",
      );
    }
    if (!isSub && o.required !== true) seenOptional = true;
    checkChoices(`${at}.choices`, o);
    checkRanges(at, o);
    if (o.type === SUB_COMMAND_GROUP) checkOptions(`${at}.options`, o.options, "group");
    else if (o.type === SUB_COMMAND) checkOptions(`${at}.options`, o.options, "subcommand");
    else if (o.options !== undefined && o.options !== null && (o.options as unknown[]).length > 0) {
      throw invalidForm(`${at}.options`, "BASE_TYPE_BAD_VALUE", "Only subcommands and groups have options");
    }
  });
}

/** Longest of a field and its localizations (docs: only the longest localization counts). */
function longest(value: unknown, localizations: unknown): number {
  const all = isObj(localizations) ? Object.values(localizations).map(len) : [];
  return Math.max(len(value), ...all);
}

/** The documented size of a command: names, descriptions and choice values, recursively. */
export function commandSize(c: Obj): number {
  let n = longest(c.name, c.name_localizations) + longest(c.description, c.description_localizations);
  for (const raw of Array.isArray(c.options) ? c.options : []) {
    if (!isObj(raw)) continue;
    n += commandSize(raw);
    for (const ch of Array.isArray(raw.choices) ? raw.choices : []) {
      if (!isObj(ch)) continue;
      n += longest(ch.name, ch.name_localizations) + (typeof ch.value === "string" ? len(ch.value) : 0);
    }
  }
  return n;
}

/** One command body; `path` ends with "." (bulk: "3.") or is "" (single create/edit). */
export function checkCommand(path: string, body: Obj): void {
  const type = body.type ?? 1;
  if (![1, 2, 3, 4].includes(type as number)) {
    throw invalidForm(`${path}type`, "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.");
  }
  const chatInput = type === 1;
  checkName(`${path}name`, body.name, chatInput);
  if (chatInput) {
    checkDescription(`${path}description`, body.description);
    checkOptions(`${path}options`, body.options, "command");
  } else {
    // Docs: USER and MESSAGE commands take an empty description and no options.
    if (len(body.description) > 0) {
      throw invalidForm(`${path}description`, "BASE_TYPE_BAD_VALUE", "Description must be empty");
    }
    if (Array.isArray(body.options) && body.options.length > 0) {
      throw invalidForm(`${path}options`, "BASE_TYPE_BAD_VALUE", "Only CHAT_INPUT commands have options");
    }
  }
  if (commandSize(body) > MAX_COMMAND_CHARS) {
    throw invalidForm(
      path === "" ? "_root" : path.slice(0, -1),
      "APPLICATION_COMMAND_TOO_LARGE",
      `Command exceeds maximum size (${MAX_COMMAND_CHARS})`,
    );
  }
}

/** Docs ("Registering a Command"): per scope, 100 CHAT_INPUT, 5 USER and 5 MESSAGE commands. */
export const MAX_COMMANDS: Record<number, number> = { 1: 100, 2: 5, 3: 5, 4: 1 };
