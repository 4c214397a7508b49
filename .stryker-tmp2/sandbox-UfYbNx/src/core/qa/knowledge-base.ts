// @ts-nocheck
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Tenant } from "../credentials/provider.js";
import { usageError } from "../errors.js";
import { tenantKey } from "../policy/keys.js";
import type { StateStore } from "../store/index.js";
import { chunkDocument, type KnowledgeDoc } from "./chunks.js";
import { type Hit, KnowledgeIndex } from "./knowledge-index.js";
import { BUILTIN_DIR, formatOf, loadDocsFromDir, sourceUrlOf, titleOf } from "./load-docs.js";

export const MAX_TENANT_DOCS = 50;
export const MAX_DOC_BYTES = 512 * 1024;

const storedDoc = z.object({
  id: z.string(),
  title: z.string(),
  filename: z.string(),
  format: z.enum(["md", "txt", "html"]),
  text: z.string(),
  url: z.string().optional(),
  addedBy: z.string(),
  addedAt: z.number(),
});
export type TenantDoc = z.infer<typeof storedDoc>;

const PREFIX = (t: Tenant) => `kb:${tenantKey(t)}:doc:`;
const VERSION = (t: Tenant) => `kb:${tenantKey(t)}:version`;

/**
 * The knowledge the Q&A bot answers from: the bot's own docs and the operator's folder (shared by
 * every tenant), plus each tenant's documents, kept in the StateStore and indexed on first use.
 * A version counter per tenant lets every bot process see another's `kb add`/`kb remove`.
 */
export class KnowledgeBase {
  private readonly index = new KnowledgeIndex();
  /** Tenant key → the version its documents were indexed at, and their doc ids. */
  private readonly loaded = new Map<string, { version: string; docIds: string[] }>();

  private constructor(private readonly store: StateStore) {}

  static async load(
    store: StateStore,
    o: { knowledgeDir?: string | undefined } = {},
  ): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(store);
    const docs = await loadDocsFromDir(BUILTIN_DIR, "builtin");
    if (o.knowledgeDir) docs.push(...(await loadDocsFromDir(o.knowledgeDir, "operator")));
    for (const d of docs) kb.index.add(chunkDocument(d));
    return kb;
  }

  /** Shared chunks plus every tenant's loaded so far. */
  get size(): number {
    return this.index.size;
  }

  async search(tenant: Tenant, question: string, limit = 4): Promise<Hit[]> {
    await this.refresh(tenant);
    return this.index.query(question, { tenantId: tenantKey(tenant), limit });
  }

  async list(tenant: Tenant): Promise<TenantDoc[]> {
    const keys = await this.store.keys(PREFIX(tenant), MAX_TENANT_DOCS * 2);
    const docs: TenantDoc[] = [];
    for (const k of keys) {
      const parsed = storedDoc.safeParse(JSON.parse((await this.store.get(k)) ?? "null"));
      if (parsed.success) docs.push(parsed.data);
    }
    return docs.sort((a, b) => a.addedAt - b.addedAt);
  }

  /** Adds (or replaces, by file name) a tenant document; returns it with its section count. */
  async add(
    tenant: Tenant,
    d: { filename: string; bytes: Buffer; addedBy: string; url?: string | undefined },
  ): Promise<{ doc: TenantDoc; sections: number; replaced: boolean }> {
    const format = formatOf(d.filename);
    if (!format) {
      throw usageError(
        "kb_unsupported_file",
        `${d.filename} is not a Markdown, text or HTML file; attach a .md, .txt or .html document.`,
      );
    }
    if (d.bytes.length > MAX_DOC_BYTES) {
      throw usageError(
        "kb_file_too_large",
        `${d.filename} is ${Math.ceil(d.bytes.length / 1024)} KiB; documents can be at most ${MAX_DOC_BYTES / 1024} KiB. Split it into smaller files.`,
      );
    }
    const { url: declared, body: text } = sourceUrlOf(d.bytes.toString("utf8"));
    if (!text.trim()) throw usageError("kb_empty_file", `${d.filename} is empty.`);
    const existing = await this.list(tenant);
    const id = createHash("sha256").update(d.filename.toLowerCase()).digest("hex").slice(0, 16);
    const replaced = existing.some((e) => e.id === id);
    if (!replaced && existing.length >= MAX_TENANT_DOCS) {
      throw usageError(
        "kb_full",
        `This knowledge base already holds ${MAX_TENANT_DOCS} documents; remove one with /theta kb remove first.`,
      );
    }
    const doc: TenantDoc = {
      id,
      title: titleOf(text, d.filename),
      filename: d.filename,
      format,
      text,
      ...((d.url ?? declared) ? { url: d.url ?? declared } : {}),
      addedBy: d.addedBy,
      addedAt: Date.now(),
    };
    const sections = chunkDocument(toKnowledge(tenant, doc)).length;
    if (sections === 0) throw usageError("kb_empty_file", `${d.filename} has no text to answer from.`);
    await this.store.set(`${PREFIX(tenant)}${id}`, JSON.stringify(doc));
    await this.store.incr(VERSION(tenant));
    return { doc, sections, replaced };
  }

  /** Removes a tenant document by its file name, title or id; false when there is none. */
  async remove(tenant: Tenant, which: string): Promise<TenantDoc | undefined> {
    const w = which.trim().toLowerCase();
    const doc = (await this.list(tenant)).find(
      (d) => d.id === w || d.filename.toLowerCase() === w || d.title.toLowerCase() === w,
    );
    if (!doc) return undefined;
    await this.store.delete(`${PREFIX(tenant)}${doc.id}`);
    await this.store.incr(VERSION(tenant));
    return doc;
  }

  private async refresh(tenant: Tenant): Promise<void> {
    const key = tenantKey(tenant);
    const version = (await this.store.get(VERSION(tenant))) ?? "0";
    const seen = this.loaded.get(key);
    if (seen?.version === version) return;
    for (const id of seen?.docIds ?? []) this.index.removeDoc(docId(tenant, id));
    const docs = await this.list(tenant);
    for (const d of docs) this.index.add(chunkDocument(toKnowledge(tenant, d)));
    this.loaded.set(key, { version, docIds: docs.map((d) => d.id) });
  }
}

const docId = (tenant: Tenant, id: string) => `tenant:${tenantKey(tenant)}:${id}`;

function toKnowledge(tenant: Tenant, d: TenantDoc): KnowledgeDoc {
  return {
    id: docId(tenant, d.id),
    title: d.title,
    source: "tenant",
    tenantId: tenantKey(tenant),
    url: d.url,
    text: d.text,
    format: d.format,
  };
}
