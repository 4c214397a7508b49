/**
 * A light Block Kit validator: the limits a renderer most often breaks. Slack answers these with
 * `invalid_blocks` and `response_metadata.messages` like "[ERROR] must be less than 3001 characters
 * [json-pointer:/blocks/0/text/text]".
 */
// @ts-nocheck


type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function textLen(v: unknown): number {
  if (isObj(v) && typeof v.text === "string") return v.text.length;
  return 0;
}

function check(errors: string[], cond: boolean, msg: string, pointer: string): void {
  if (!cond) errors.push(`[ERROR] ${msg} [json-pointer:${pointer}]`);
}

function validateElement(el: unknown, p: string, errors: string[]): void {
  if (!isObj(el) || typeof el.type !== "string") {
    errors.push(`[ERROR] missing required field: type [json-pointer:${p}]`);
    return;
  }
  if (typeof el.action_id === "string")
    check(errors, el.action_id.length <= 255, "must be less than 256 characters", `${p}/action_id`);
  if (el.type === "button") {
    check(errors, textLen(el.text) > 0, "missing required field: text", `${p}/text`);
    check(errors, textLen(el.text) <= 75, "must be less than 76 characters", `${p}/text/text`);
    if (typeof el.value === "string")
      check(errors, el.value.length <= 2000, "must be less than 2001 characters", `${p}/value`);
    if (typeof el.url === "string")
      check(errors, el.url.length <= 3000, "must be less than 3001 characters", `${p}/url`);
  }
}

export function validateBlocks(blocks: unknown, root: string, maxBlocks: number): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return [`[ERROR] must be an array [json-pointer:${root}]`];
  check(errors, blocks.length <= maxBlocks, `no more than ${maxBlocks} items allowed`, root);
  blocks.forEach((b, i) => {
    const p = `${root}/${i}`;
    if (!isObj(b) || typeof b.type !== "string") {
      errors.push(`[ERROR] missing required field: type [json-pointer:${p}]`);
      return;
    }
    if (typeof b.block_id === "string")
      check(errors, b.block_id.length <= 255, "must be less than 256 characters", `${p}/block_id`);
    if (b.type === "section") {
      check(errors, textLen(b.text) <= 3000, "must be less than 3001 characters", `${p}/text/text`);
      check(errors, textLen(b.text) > 0 || Array.isArray(b.fields), "must provide either text or fields", p);
      if (Array.isArray(b.fields)) {
        check(errors, b.fields.length <= 10, "no more than 10 items allowed", `${p}/fields`);
        b.fields.forEach((f, j) => {
          check(errors, textLen(f) <= 2000, "must be less than 2001 characters", `${p}/fields/${j}/text`);
        });
      }
      if (b.accessory !== undefined) validateElement(b.accessory, `${p}/accessory`, errors);
    } else if (b.type === "header") {
      check(
        errors,
        textLen(b.text) > 0 && textLen(b.text) <= 150,
        "must be 1 to 150 characters",
        `${p}/text/text`,
      );
    } else if (b.type === "actions") {
      const els = Array.isArray(b.elements) ? b.elements : [];
      check(errors, els.length > 0 && els.length <= 25, "must have 1 to 25 elements", `${p}/elements`);
      els.forEach((el, j) => {
        validateElement(el, `${p}/elements/${j}`, errors);
      });
    } else if (b.type === "context") {
      const els = Array.isArray(b.elements) ? b.elements : [];
      check(errors, els.length > 0 && els.length <= 10, "must have 1 to 10 elements", `${p}/elements`);
    } else if (b.type === "image") {
      check(
        errors,
        typeof b.image_url === "string" || isObj(b.slack_file),
        "missing required field: image_url",
        p,
      );
      check(
        errors,
        typeof b.alt_text === "string" && b.alt_text.length <= 2000,
        "alt_text required, max 2000",
        `${p}/alt_text`,
      );
    } else if (b.type === "input") {
      check(
        errors,
        textLen(b.label) > 0 && textLen(b.label) <= 2000,
        "label must be 1 to 2000 characters",
        `${p}/label`,
      );
      if (b.element !== undefined) validateElement(b.element, `${p}/element`, errors);
    }
  });
  return errors;
}

/** Modal-level limits checked by views.open / views.update / views.push. */
export function validateView(view: unknown): string[] {
  if (!isObj(view)) return ["[ERROR] view must be a JSON object [json-pointer:/view]"];
  const errors: string[] = [];
  check(errors, view.type === "modal" || view.type === "home", "must be modal or home", "/view/type");
  if (view.type === "modal") {
    check(
      errors,
      textLen(view.title) > 0 && textLen(view.title) <= 24,
      "title must be 1 to 24 characters",
      "/view/title",
    );
    if (view.submit !== undefined)
      check(errors, textLen(view.submit) <= 24, "must be less than 25 characters", "/view/submit");
    if (view.close !== undefined)
      check(errors, textLen(view.close) <= 24, "must be less than 25 characters", "/view/close");
  }
  if (typeof view.private_metadata === "string") {
    check(
      errors,
      view.private_metadata.length <= 3000,
      "must be less than 3001 characters",
      "/view/private_metadata",
    );
  }
  if (typeof view.callback_id === "string") {
    check(errors, view.callback_id.length <= 255, "must be less than 256 characters", "/view/callback_id");
  }
  errors.push(...validateBlocks(view.blocks ?? [], "/view/blocks", 100));
  return errors;
}
