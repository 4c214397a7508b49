/** Controller chatbots and their knowledge-base documents (multipart uploads). */
// @ts-nocheck

import type { Ctx, Route } from "./context.js";
import { jsonBody, route } from "./context.js";
import type { Reply } from "./envelope.js";
import { badRequest, notFound, ok } from "./envelope.js";
import type { KbDocument } from "./state.js";
import { int, iso, now, randId, str, words } from "./util.js";

const EDITABLE = [
  "name",
  "max_tokens",
  "temperature",
  "system_prompt",
  "warm_up_messages",
  "llm_endpoint_id",
  "settings",
];

function listChatbots(ctx: Ctx): Reply {
  const page = Math.max(0, int(ctx.query.get("page"), 0));
  const number = Math.max(1, int(ctx.query.get("number"), 100));
  const all = [...ctx.core.state.chatbots.values()];
  return ok({ chatbots: all.slice(page * number, (page + 1) * number), total_count: all.length });
}

function createChatbot(ctx: Ctx): Reply {
  const b = jsonBody(ctx);
  const name = str(b?.name);
  if (!b || !name) return badRequest("name is required");
  const id = `chatbot_${randId(20)}`;
  const bot: Record<string, unknown> = {
    id,
    name,
    project_id: ctx.core.opts.projectId,
    llm_endpoint: `${ctx.core.baseUrls.inference}/v1`,
    llm_endpoints: [],
    knowledge_base_id: `kb_${randId(20)}`,
    created_at: iso(now()),
    model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    max_tokens: 600,
    temperature: 0.5,
    system_prompt: "",
    context_window: 8192,
    settings: {},
    warm_up_messages: [],
  };
  for (const k of EDITABLE) if (b[k] !== undefined) bot[k] = b[k];
  ctx.core.state.chatbots.set(id, bot);
  return ok(bot);
}

function getChatbot(ctx: Ctx, [id = ""]: string[]): Reply {
  const bot = ctx.core.state.chatbots.get(id);
  return bot ? ok(bot) : notFound("chatbot not found");
}

function updateChatbot(ctx: Ctx, [id = ""]: string[]): Reply {
  const bot = ctx.core.state.chatbots.get(id);
  if (!bot) return notFound("chatbot not found");
  const b = jsonBody(ctx);
  if (!b) return badRequest("request body must be a JSON object");
  for (const k of EDITABLE) if (b[k] !== undefined) bot[k] = b[k];
  return ok(bot);
}

/** Reads the multipart parts file / metadata; returns an error reply or the document fields. */
function readDocument(ctx: Ctx): Reply | { content: string; metadata: unknown; filename: string } {
  const form = ctx.body.form;
  if (!form) return badRequest("multipart/form-data body with a file part is required");
  const file = form.files.find((f) => f.field === "file");
  if (!file) return badRequest("file is required");
  let metadata: unknown = {};
  const raw = form.fields.metadata;
  if (raw !== undefined && raw !== "") {
    try {
      metadata = JSON.parse(raw);
    } catch {
      return badRequest("metadata must be a JSON string");
    }
  }
  return { content: file.content.toString("utf8"), metadata, filename: file.filename };
}

function createDocument(ctx: Ctx, [chatbotId = ""]: string[]): Reply {
  const bot = ctx.core.state.chatbots.get(chatbotId);
  if (!bot) return notFound("chatbot not found");
  const d = readDocument(ctx);
  if ("status" in d) return d;
  const doc: KbDocument = {
    id: `doc_${randId(20)}`,
    chatbot_id: chatbotId,
    knowledge_base_id: String(bot.knowledge_base_id),
    ...d,
    created_at: iso(now()),
    embedding_token_count: words(d.content).length,
  };
  ctx.core.state.documents.set(doc.id, doc);
  return ok({ id: doc.id });
}

function findDoc(ctx: Ctx, chatbotId: string, docId: string): KbDocument | undefined {
  const doc = ctx.core.state.documents.get(docId);
  return doc?.chatbot_id === chatbotId ? doc : undefined;
}

function updateDocument(ctx: Ctx, [chatbotId = "", docId = ""]: string[]): Reply {
  const doc = findDoc(ctx, chatbotId, docId);
  if (!doc) return notFound("document not found");
  const d = readDocument(ctx);
  if ("status" in d) return d;
  Object.assign(doc, d, { embedding_token_count: words(d.content).length });
  return ok({ id: doc.id });
}

function getDocument(ctx: Ctx, [chatbotId = "", docId = ""]: string[]): Reply {
  const doc = findDoc(ctx, chatbotId, docId);
  return doc
    ? ok({ id: doc.id, content: doc.content, metadata: doc.metadata })
    : notFound("document not found");
}

function listDocuments(ctx: Ctx, [chatbotId = ""]: string[]): Reply {
  if (!ctx.core.state.chatbots.has(chatbotId)) return notFound("chatbot not found");
  const page = Math.max(0, int(ctx.query.get("page"), 0));
  const number = Math.max(1, int(ctx.query.get("number"), 30));
  const all = [...ctx.core.state.documents.values()].filter((d) => d.chatbot_id === chatbotId);
  const documents = all.slice(page * number, (page + 1) * number).map((d) => ({
    id: d.id,
    knowledge_base_id: d.knowledge_base_id,
    metadata: d.metadata,
    created_at: d.created_at,
    embedding_token_count: d.embedding_token_count,
  }));
  return ok({ documents, total_documents: all.length, total_pages: Math.ceil(all.length / number) });
}

export const chatbotRoutes: Route[] = [
  route("GET", "/chatbot/list", listChatbots),
  route("POST", "/chatbot", createChatbot),
  route("GET", "/chatbot/:id/document/list", listDocuments),
  route("POST", "/chatbot/:id/document", createDocument),
  route("GET", "/chatbot/:id/document/:docId", getDocument),
  route("PUT", "/chatbot/:id/document/:docId", updateDocument),
  route("GET", "/chatbot/:id", getChatbot),
  route("PUT", "/chatbot/:id", updateChatbot),
];
