/**
 * Components and modals as Discord enforces them (docs.discord.com/developers/components/reference):
 * - "custom_id … must be unique per component; multiple buttons on the same message must not share the same
 *   custom_id" → 400 50035 with COMPONENT_CUSTOM_ID_DUPLICATED at the duplicate's path (the code and the
 *   "Component custom id cannot be duplicated" text are what Discord answers, see discord-api-docs#3673).
 * - A component interaction only exists for a component rendered on that message, enabled, clicked by a user
 *   who can see the message (an ephemeral message only by its recipient); a select sends values among its
 *   options, within min_values..max_values.
 * - A modal submit only exists for a modal shown to that user (callback type 9), with exactly its text
 *   inputs (required ones filled, lengths within min_length..max_length), once.
 * What Discord would never send makes the test's helper throw.
 */
import { invalidForm } from "./http.js";
import type { DoubleState } from "./state.js";
import type { StoredMessage } from "./types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every component with a custom_id in a message or modal, with its JSON path (components v1 and v2). */
export function componentsWithIds(components: unknown, path = "components"): Array<{ c: Obj; path: string }> {
  const out: Array<{ c: Obj; path: string }> = [];
  if (!Array.isArray(components)) return out;
  components.forEach((raw, i) => {
    if (!isObj(raw)) return;
    const at = `${path}.${i}`;
    if (typeof raw.custom_id === "string") out.push({ c: raw, path: at });
    if (Array.isArray(raw.components)) out.push(...componentsWithIds(raw.components, `${at}.components`));
    if (isObj(raw.component))
      out.push(
        ...componentsWithIds([raw.component], `${at}.component`).map((x) => ({
          ...x,
          path: x.path.replace(/\.component\.0$/, ".component"),
        })),
      );
    if (isObj(raw.accessory))
      out.push(
        ...componentsWithIds([raw.accessory], `${at}.accessory`).map((x) => ({
          ...x,
          path: x.path.replace(/\.accessory\.0$/, ".accessory"),
        })),
      );
  });
  return out;
}

export function checkUniqueCustomIds(components: unknown, root = "components"): void {
  const seen = new Set<string>();
  for (const { c, path } of componentsWithIds(components, root)) {
    const id = c.custom_id as string;
    if (seen.has(id)) {
      throw invalidForm(
        `${path}.custom_id`,
        "COMPONENT_CUSTOM_ID_DUPLICATED",
        "Component custom id cannot be duplicated",
      );
    }
    seen.add(id);
  }
}

/** Who may see a message: everyone in the channel, or only the recipient of an ephemeral one. */
function visibleTo(state: DoubleState, m: StoredMessage, userId: string): boolean {
  if ((m.flags & 64) === 0) return true;
  const ix = m.interactionId ? state.interactions.get(m.interactionId) : undefined;
  return ix?.user.id === userId;
}

const SELECT_TYPES = [3, 5, 6, 7, 8];

export function checkClick(
  state: DoubleState,
  m: StoredMessage,
  click: { customId: string; userId: string; componentType: number; values?: string[] },
): void {
  const fail = (why: string): never => {
    throw new Error(`discord double: cannot click ${click.customId} on message ${m.id}: ${why}`);
  };
  if (m.deleted) fail("the message was deleted");
  if (!visibleTo(state, m, click.userId)) fail("the message is ephemeral and was shown to another user");
  const found = componentsWithIds(m.components).find((x) => x.c.custom_id === click.customId);
  if (!found)
    throw new Error(
      `discord double: cannot click ${click.customId} on message ${m.id}: no component with that custom_id was rendered on it`,
    );
  const c = found.c;
  if (c.disabled === true) fail("the component is disabled");
  if (c.type !== click.componentType)
    fail(`it is component type ${String(c.type)}, not ${click.componentType}`);
  if (!SELECT_TYPES.includes(click.componentType)) return;
  const values = click.values ?? [];
  const min = typeof c.min_values === "number" ? c.min_values : 1;
  const max = typeof c.max_values === "number" ? c.max_values : 1;
  if (values.length < min || values.length > max) fail(`a select takes ${min}..${max} values`);
  if (c.type === 3) {
    const allowed = (Array.isArray(c.options) ? c.options : []).filter(isObj).map((o) => o.value);
    for (const v of values) if (!allowed.includes(v)) fail(`"${v}" is not one of the select's options`);
  }
}

export interface ShownModal {
  userId: string;
  /** Where it was opened (the submit comes from the same guild, null in DMs). */
  guildId: string | null;
  customId: string;
  /** Components as shown: action rows (type 1) or labels (type 18) around text inputs (type 4). */
  components: unknown[];
  sourceMessageId: string | null;
  /** The last submit interaction (the modal closes once a submit was acknowledged). */
  lastSubmitId: string | null;
}

/** The modal this user has open with this custom_id (newest first), or a thrown Error. */
export function openModal(
  state: DoubleState,
  userId: string,
  guildId: string | null,
  customId: string,
): ShownModal {
  const open = state.modals.filter(
    (m) =>
      m.userId === userId &&
      m.guildId === guildId &&
      m.customId === customId &&
      !(m.lastSubmitId && state.interactions.get(m.lastSubmitId)?.callback),
  );
  const m = open.at(-1);
  if (!m) {
    throw new Error(
      `discord double: no modal ${customId} is open for user ${userId}; Discord would not deliver a submit`,
    );
  }
  return m;
}

/** The submitted components, in the shown modal's shape, with every text input (unfilled ones empty). */
export function submittedComponents(modal: ShownModal, fields: Record<string, string>): unknown[] {
  const inputs = componentsWithIds(modal.components)
    .filter((x) => x.c.type === 4)
    .map((x) => x.c);
  for (const name of Object.keys(fields)) {
    if (!inputs.some((c) => c.custom_id === name)) {
      throw new Error(`discord double: modal ${modal.customId} shows no text input ${name}`);
    }
  }
  const submitted = (c: Obj): Obj => {
    const value = fields[c.custom_id as string] ?? "";
    const n = [...value].length;
    const min = typeof c.min_length === "number" ? c.min_length : 0;
    const max = typeof c.max_length === "number" ? c.max_length : 4000;
    if (c.required !== false && n === 0) {
      throw new Error(
        `discord double: text input ${String(c.custom_id)} is required; the client would not submit`,
      );
    }
    if (n > 0 && (n < min || n > max)) {
      throw new Error(`discord double: text input ${String(c.custom_id)} takes ${min}..${max} characters`);
    }
    return { type: 4, ...(typeof c.id === "number" ? { id: c.id } : {}), custom_id: c.custom_id, value };
  };
  return modal.components.filter(isObj).map((row) => {
    if (row.type === 18 && isObj(row.component)) {
      return {
        type: 18,
        ...(typeof row.id === "number" ? { id: row.id } : {}),
        component: submitted(row.component),
      };
    }
    const inner = (Array.isArray(row.components) ? row.components : []).filter(isObj);
    return { type: 1, components: inner.filter((c) => c.type === 4).map(submitted) };
  });
}
