/**
 * Block Kit validation per docs.slack.dev/reference/block-kit (blocks, block elements, composition
 * objects): known block and element types only, elements only where each block allows them, text objects
 * `{type: plain_text|mrkdwn, text: 1..3000}` (plain_text where a field demands it, `emoji` only on
 * plain_text, `verbatim` only on mrkdwn), the per-field length limits, ≤ 50 blocks in a message (100 in a
 * view), block_ids unique in the message and action_ids unique in their block. Slack answers a failure with
 * `invalid_blocks` and `response_metadata.messages` like
 * "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]".
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const chars = (s: string) => [...s].length;

export const BLOCK_TYPES = new Set([
  "actions",
  "context",
  "context_actions",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "table",
  "video",
]);
const SELECTS = [
  "static_select",
  "external_select",
  "users_select",
  "conversations_select",
  "channels_select",
];
const INTERACTIVE = [
  "button",
  "checkboxes",
  "datepicker",
  "datetimepicker",
  "overflow",
  "radio_buttons",
  "timepicker",
  "workflow_button",
  ...SELECTS,
  ...SELECTS.map((s) => `multi_${s}`),
];
/** Docs: which element types each place takes. */
const ACTIONS_ELEMENTS = new Set(INTERACTIVE);
const ACCESSORY_ELEMENTS = new Set([...INTERACTIVE, "image"]);
const INPUT_ELEMENTS = new Set([
  ...INTERACTIVE.filter((t) => t !== "button" && t !== "overflow" && t !== "workflow_button"),
  "plain_text_input",
  "email_text_input",
  "number_input",
  "url_text_input",
  "file_input",
  "rich_text_input",
]);

class Errors {
  readonly list: string[] = [];
  add(msg: string, pointer: string): void {
    this.list.push(`[ERROR] ${msg} [json-pointer:${pointer}]`);
  }
  check(ok: boolean, msg: string, pointer: string): void {
    if (!ok) this.add(msg, pointer);
  }
  max(v: unknown, n: number, pointer: string): void {
    if (typeof v === "string" && chars(v) > n) this.add(`must be less than ${n + 1} characters`, pointer);
  }
}

/** A text object; `plain`: the field takes plain_text only. */
function text(e: Errors, v: unknown, p: string, max: number, plain: boolean): void {
  if (!isObj(v)) {
    e.add("must be a text object", p);
    return;
  }
  const types = plain ? ["plain_text"] : ["plain_text", "mrkdwn"];
  if (!types.includes(String(v.type))) {
    e.add(`must be one of: ${types.join(", ")}`, `${p}/type`);
    return;
  }
  if (typeof v.text !== "string" || chars(v.text) < 1) {
    e.add("must be more than 0 characters", `${p}/text`);
    return;
  }
  e.max(v.text, max, `${p}/text`);
  if (v.type === "mrkdwn" && v.emoji !== undefined)
    e.add("emoji is only allowed on plain_text", `${p}/emoji`);
  if (v.type === "plain_text" && v.verbatim !== undefined)
    e.add("verbatim is only allowed on mrkdwn", `${p}/verbatim`);
}

function element(e: Errors, el: unknown, p: string, allowed: Set<string>, actionIds: Set<string>): void {
  if (!isObj(el) || typeof el.type !== "string") {
    e.add("missing required field: type", p);
    return;
  }
  if (!allowed.has(el.type)) {
    e.add(`unsupported type: ${el.type}`, `${p}/type`);
    return;
  }
  if (el.type === "image") {
    e.check(typeof el.image_url === "string" || isObj(el.slack_file), "missing required field: image_url", p);
    e.check(typeof el.alt_text === "string", "missing required field: alt_text", `${p}/alt_text`);
    return;
  }
  if (typeof el.action_id === "string") {
    e.max(el.action_id, 255, `${p}/action_id`);
    // Docs: "Should be unique among all other action_ids in the containing block."
    if (actionIds.has(el.action_id)) e.add(`duplicate action_id: ${el.action_id}`, `${p}/action_id`);
    actionIds.add(el.action_id);
  }
  if (el.type === "button") {
    text(e, el.text, `${p}/text`, 75, true);
    e.max(el.value, 2000, `${p}/value`);
    e.max(el.url, 3000, `${p}/url`);
    if (el.style !== undefined)
      e.check(
        el.style === "primary" || el.style === "danger",
        "must be one of: primary, danger",
        `${p}/style`,
      );
  }
  if (el.placeholder !== undefined) text(e, el.placeholder, `${p}/placeholder`, 150, true);
}

function block(e: Errors, b: unknown, p: string, blockIds: Set<string>): void {
  if (!isObj(b) || typeof b.type !== "string") {
    e.add("missing required field: type", p);
    return;
  }
  if (!BLOCK_TYPES.has(b.type)) {
    e.add(`unsupported type: ${b.type}`, `${p}/type`);
    return;
  }
  if (typeof b.block_id === "string") {
    e.max(b.block_id, 255, `${p}/block_id`);
    // Docs: "block_id should be unique for each message".
    if (blockIds.has(b.block_id)) e.add(`duplicate block_id: ${b.block_id}`, `${p}/block_id`);
    blockIds.add(b.block_id);
  }
  const actionIds = new Set<string>();
  const elements = Array.isArray(b.elements) ? b.elements : [];
  switch (b.type) {
    case "section":
      if (b.text !== undefined) text(e, b.text, `${p}/text`, 3000, false);
      if (Array.isArray(b.fields)) {
        e.check(b.fields.length <= 10, "no more than 10 items allowed", `${p}/fields`);
        b.fields.forEach((f, j) => {
          text(e, f, `${p}/fields/${j}`, 2000, false);
        });
      }
      e.check(b.text !== undefined || Array.isArray(b.fields), "must provide either text or fields", p);
      if (b.accessory !== undefined) element(e, b.accessory, `${p}/accessory`, ACCESSORY_ELEMENTS, actionIds);
      break;
    case "header":
      text(e, b.text, `${p}/text`, 150, true);
      break;
    case "actions":
      e.check(elements.length >= 1 && elements.length <= 25, "must have 1 to 25 elements", `${p}/elements`);
      elements.forEach((el, j) => {
        element(e, el, `${p}/elements/${j}`, ACTIONS_ELEMENTS, actionIds);
      });
      break;
    case "context":
      e.check(elements.length >= 1 && elements.length <= 10, "must have 1 to 10 elements", `${p}/elements`);
      elements.forEach((el, j) => {
        const at = `${p}/elements/${j}`;
        if (isObj(el) && el.type === "image") element(e, el, at, new Set(["image"]), actionIds);
        else text(e, el, at, 3000, false);
      });
      break;
    case "image":
      e.check(typeof b.image_url === "string" || isObj(b.slack_file), "missing required field: image_url", p);
      e.max(b.image_url, 3000, `${p}/image_url`);
      e.check(typeof b.alt_text === "string", "missing required field: alt_text", `${p}/alt_text`);
      e.max(b.alt_text, 2000, `${p}/alt_text`);
      if (b.title !== undefined) text(e, b.title, `${p}/title`, 2000, true);
      break;
    case "input":
      text(e, b.label, `${p}/label`, 2000, true);
      e.check(b.element !== undefined, "missing required field: element", `${p}/element`);
      if (b.element !== undefined) element(e, b.element, `${p}/element`, INPUT_ELEMENTS, actionIds);
      break;
    case "markdown":
      e.check(typeof b.text === "string", "missing required field: text", `${p}/text`);
      e.max(b.text, 12_000, `${p}/text`);
      break;
  }
}

/** Errors in Slack's "[ERROR] … [json-pointer:…]" form; empty when the blocks are valid. */
export function validateBlocks(blocks: unknown, root: string, maxBlocks: number): string[] {
  const e = new Errors();
  if (!Array.isArray(blocks)) return [`[ERROR] must be an array [json-pointer:${root}]`];
  e.check(blocks.length <= maxBlocks, `no more than ${maxBlocks} items allowed`, root);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    block(e, b, `${root}/${i}`, blockIds);
  });
  return e.list;
}

/** Image URLs in blocks (image blocks, image elements), with their JSON pointers. */
export function imageUrls(blocks: unknown, root = "/blocks"): Array<{ url: string; pointer: string }> {
  const out: Array<{ url: string; pointer: string }> = [];
  if (!Array.isArray(blocks)) return out;
  blocks.forEach((b, i) => {
    if (!isObj(b)) return;
    const p = `${root}/${i}`;
    if (b.type === "image" && typeof b.image_url === "string")
      out.push({ url: b.image_url, pointer: `${p}/image_url` });
    if (isObj(b.accessory) && b.accessory.type === "image" && typeof b.accessory.image_url === "string") {
      out.push({ url: b.accessory.image_url, pointer: `${p}/accessory/image_url` });
    }
    (Array.isArray(b.elements) ? b.elements : []).forEach((el: unknown, j: number) => {
      if (isObj(el) && el.type === "image" && typeof el.image_url === "string") {
        out.push({ url: el.image_url, pointer: `${p}/elements/${j}/image_url` });
      }
    });
  });
  return out;
}
