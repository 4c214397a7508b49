// @ts-nocheck
import type { Caller } from "../chat/caller.js";
import { tenantOf } from "../chat/caller.js";
import { usageError } from "../errors.js";
import { PLATFORM_ADMIN_LABELS, requireAdmin } from "../policy/index.js";
import type { KnowledgeBase } from "./knowledge-base.js";
import { MAX_DOC_BYTES, MAX_TENANT_DOCS } from "./knowledge-base.js";

/** `/theta kb …` on every platform: what to show, as a title and text. */
export interface KbReply {
  title: string;
  text: string;
}

const place = (c: Caller) => (c.platform === "slack" ? "workspace" : "server");

export async function kbAdd(
  kb: KnowledgeBase,
  caller: Caller,
  file: { filename: string; bytes: Buffer; url?: string | undefined },
): Promise<KbReply> {
  requireAdmin(
    caller,
    PLATFORM_ADMIN_LABELS[caller.platform],
    `add documents to this ${place(caller)}'s knowledge base`,
  );
  const r = await kb.add(tenantOf(caller), { ...file, addedBy: caller.userId });
  return {
    title: r.replaced ? "Document replaced" : "Document added",
    text: `${r.doc.title} (${r.doc.filename}): ${r.sections} section${r.sections === 1 ? "" : "s"} indexed. Only this ${place(caller)} can see it; /ask answers from it now.`,
  };
}

export async function kbList(kb: KnowledgeBase, caller: Caller): Promise<KbReply> {
  const docs = await kb.list(tenantOf(caller));
  if (docs.length === 0) {
    return {
      title: "Knowledge base",
      text: `No documents of this ${place(caller)} yet; /ask answers from the bot's own docs. An admin adds one with /theta kb add and a .md, .txt or .html file (up to ${MAX_DOC_BYTES / 1024} KiB).`,
    };
  }
  const lines = docs.map(
    (d) =>
      `• ${d.title} — ${d.filename}, ${Math.ceil(Buffer.byteLength(d.text) / 1024)} KiB, added ${new Date(d.addedAt).toISOString().slice(0, 10)}`,
  );
  return { title: `Knowledge base (${docs.length}/${MAX_TENANT_DOCS})`, text: lines.join("\n") };
}

export async function kbRemove(kb: KnowledgeBase, caller: Caller, which: string): Promise<KbReply> {
  requireAdmin(
    caller,
    PLATFORM_ADMIN_LABELS[caller.platform],
    `remove documents from this ${place(caller)}'s knowledge base`,
  );
  if (!which.trim())
    throw usageError(
      "kb_missing_name",
      "Name the document to remove (its file name or title; /theta kb list shows them).",
    );
  const doc = await kb.remove(tenantOf(caller), which);
  if (!doc) {
    throw usageError(
      "kb_not_found",
      `No document called "${which.trim()}" here; /theta kb list shows the names.`,
    );
  }
  return { title: "Document removed", text: `${doc.title} (${doc.filename}) is no longer used for answers.` };
}
