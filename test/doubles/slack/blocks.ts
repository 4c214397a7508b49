/** Modal (view) limits for views.open / views.update / views.push; block checks live in block-kit.ts. */
import { validateBlocks } from "./block-kit.js";

export { validateBlocks };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function textLen(v: unknown): number {
  if (isObj(v) && typeof v.text === "string") return v.text.length;
  return 0;
}

function check(errors: string[], cond: boolean, msg: string, pointer: string): void {
  if (!cond) errors.push(`[ERROR] ${msg} [json-pointer:${pointer}]`);
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
