/** Discord's message/modal/choice limits: the checks that make real replies fail with 400/413. */
// @ts-nocheck

import { ApiError, invalidForm, tooLarge } from "./http.js";
import type { UploadedFile } from "./types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export const COMPONENTS_V2 = 1 << 15;

function maxLen(path: string, v: unknown, max: number): void {
  if (typeof v === "string" && [...v].length > max) {
    throw invalidForm(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
  }
}

/** Per-file limit (Discord checks each attachment since 2025-04) plus at most 10 files. */
export function checkFiles(files: UploadedFile[], limit: number): void {
  if (files.some((f) => f.size > limit)) throw tooLarge();
  if (files.length > 10) throw invalidForm("files", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
}

function checkEmbeds(embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  if (!Array.isArray(embeds)) throw invalidForm("embeds", "BASE_TYPE_LIST", "Must be an array.");
  if (embeds.length > 10)
    throw invalidForm("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
  let total = 0;
  embeds.forEach((e, i) => {
    if (!isObj(e)) return;
    maxLen(`embeds.${i}.title`, e.title, 256);
    maxLen(`embeds.${i}.description`, e.description, 4096);
    total += str(e.title).length + str(e.description).length;
    if (isObj(e.footer)) {
      maxLen(`embeds.${i}.footer.text`, e.footer.text, 2048);
      total += str(e.footer.text).length;
    }
    if (isObj(e.author)) {
      maxLen(`embeds.${i}.author.name`, e.author.name, 256);
      total += str(e.author.name).length;
    }
    const fields = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > 25) {
      throw invalidForm(`embeds.${i}.fields`, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    }
    fields.forEach((f: unknown, j: number) => {
      if (!isObj(f)) return;
      maxLen(`embeds.${i}.fields.${j}.name`, f.name, 256);
      maxLen(`embeds.${i}.fields.${j}.value`, f.value, 1024);
      if (str(f.name) === "" || str(f.value) === "") {
        throw invalidForm(`embeds.${i}.fields.${j}.value`, "BASE_TYPE_REQUIRED", "This field is required");
      }
      total += str(f.name).length + str(f.value).length;
    });
  });
  if (total > 6000)
    throw invalidForm("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
}

function checkComponents(components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) throw invalidForm("components", "BASE_TYPE_LIST", "Must be an array.");
  if ((flags & COMPONENTS_V2) !== 0) return;
  if (components.length > 5) {
    throw invalidForm("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
  }
  components.forEach((row, i) => {
    if (!isObj(row) || row.type !== 1) {
      throw invalidForm(
        `components.${i}.type`,
        "UNION_TYPE_CHOICES",
        'Value of field "type" must be one of (1,).',
      );
    }
    const inner = Array.isArray(row.components) ? row.components : [];
    if (inner.length === 0 || inner.length > 5) {
      throw invalidForm(
        `components.${i}.components`,
        "BASE_TYPE_BAD_LENGTH",
        "Must be between 1 and 5 in length.",
      );
    }
    inner.forEach((c: unknown, j: number) => {
      if (!isObj(c)) return;
      maxLen(`components.${i}.components.${j}.custom_id`, c.custom_id, 100);
      maxLen(`components.${i}.components.${j}.label`, c.label, 80);
      if (c.type === 2 && c.style !== 5 && c.style !== 6 && typeof c.custom_id !== "string") {
        throw invalidForm(
          `components.${i}.components.${j}.custom_id`,
          "BASE_TYPE_REQUIRED",
          "This field is required",
        );
      }
    });
  });
}

/** A message create/edit body. `creating`: an empty message is rejected (50006). */
export function checkMessageBody(body: unknown, files: UploadedFile[], creating: boolean): Obj {
  const b = isObj(body) ? body : {};
  const flags = typeof b.flags === "number" ? b.flags : 0;
  maxLen("content", b.content, 2000);
  checkEmbeds(b.embeds);
  checkComponents(b.components, flags);
  if (creating) {
    const hasContent = str(b.content).trim() !== "";
    const hasEmbeds = Array.isArray(b.embeds) && b.embeds.length > 0;
    const hasComponents = Array.isArray(b.components) && b.components.length > 0;
    const hasSticker = Array.isArray(b.sticker_ids) && b.sticker_ids.length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasSticker && files.length === 0 && !isObj(b.poll)) {
      throw new ApiError(400, 50006, "Cannot send an empty message");
    }
  }
  return b;
}

export function checkChoices(data: unknown): void {
  const choices = isObj(data) && Array.isArray(data.choices) ? data.choices : null;
  if (!choices) throw invalidForm("data.choices", "BASE_TYPE_REQUIRED", "This field is required");
  if (choices.length > 25) {
    throw invalidForm("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  }
  choices.forEach((c: unknown, i: number) => {
    if (!isObj(c)) return;
    maxLen(`data.choices.${i}.name`, c.name, 100);
    if (typeof c.value === "string") maxLen(`data.choices.${i}.value`, c.value, 100);
  });
}

export function checkModal(data: unknown): void {
  const d = isObj(data) ? data : {};
  if (typeof d.title !== "string" || d.title === "") {
    throw invalidForm("data.title", "BASE_TYPE_REQUIRED", "This field is required");
  }
  maxLen("data.title", d.title, 45);
  if (typeof d.custom_id !== "string") {
    throw invalidForm("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required");
  }
  maxLen("data.custom_id", d.custom_id, 100);
  const comps = Array.isArray(d.components) ? d.components : [];
  if (comps.length < 1 || comps.length > 5) {
    throw invalidForm("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
  }
}
