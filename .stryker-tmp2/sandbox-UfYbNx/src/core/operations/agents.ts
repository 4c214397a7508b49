// @ts-nocheck
import { z } from "zod";
import { defineOperation } from "./define.js";

const chatbotId = z.string().min(1);
const file = z
  .object({
    filename: z.string().min(1).max(200),
    content: z.string().max(20_000_000),
    encoding: z.enum(["utf8", "base64"]).optional(),
    contentType: z.string().optional(),
  })
  .strict();
/** The seed runtime passes fields inside `payload`; accept both forms. */
function payloadOf(v: unknown): unknown {
  if (!v || typeof v !== "object" || !("payload" in v)) return v;
  const { payload, ...rest } = v as { payload?: unknown };
  return { ...rest, ...(payload && typeof payload === "object" ? payload : {}) };
}
const chatbotFields = z.looseObject({
  name: z.string().min(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  system_prompt: z.string().optional(),
  warm_up_messages: z.array(z.object({ role: z.string(), content: z.string() })).optional(),
  llm_endpoint_id: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
const strip = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== "payload" && k !== "chatbotId"),
  );

export const list = defineOperation({
  name: "theta.ai.agent.list",
  summary: "Agent chatbots (RAG) of the project",
  input: z
    .object({
      page: z.number().int().min(0).default(0),
      number: z.number().int().min(1).max(100).default(100),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => (await ctx.client.controller.listChatbots(i.page, i.number)).body ?? {},
});

export const create = defineOperation({
  name: "theta.ai.agent.create",
  summary: "Create an agent chatbot",
  input: z.preprocess(payloadOf, chatbotFields.extend({ name: z.string().min(1) })),
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => (await ctx.client.controller.createChatbot(strip(i))).body ?? {},
});

export const get = defineOperation({
  name: "theta.ai.agent.get",
  summary: "One agent chatbot",
  input: z.object({ chatbotId }).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => (await ctx.client.controller.getChatbot(i.chatbotId)).body ?? {},
});

export const update = defineOperation({
  name: "theta.ai.agent.update",
  summary: "Update an agent chatbot's settings",
  input: z.preprocess(payloadOf, chatbotFields.extend({ chatbotId })),
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) => (await ctx.client.controller.updateChatbot(i.chatbotId, strip(i))).body ?? {},
});

const docInput = z
  .object({ chatbotId, file, metadata: z.record(z.string(), z.unknown()).default({}) })
  .strict();

export const documentCreate = defineOperation({
  name: "theta.ai.agent.document.create",
  summary: "Add a knowledge document to an agent chatbot",
  input: docInput,
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) =>
    (await ctx.client.controller.createDocument(i.chatbotId, i.file, i.metadata)).body ?? {},
});

export const documentUpdate = defineOperation({
  name: "theta.ai.agent.document.update",
  summary: "Replace a knowledge document of an agent chatbot",
  input: docInput.extend({ documentId: z.string().min(1) }),
  families: ["controller"],
  mutating: true,
  paid: false,
  handler: async (i, ctx) =>
    (await ctx.client.controller.updateDocument(i.chatbotId, i.documentId, i.file, i.metadata)).body ?? {},
});

export const documentGet = defineOperation({
  name: "theta.ai.agent.document.get",
  summary: "One knowledge document",
  input: z.object({ chatbotId, documentId: z.string().min(1) }).strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => (await ctx.client.controller.getDocument(i.chatbotId, i.documentId)).body ?? {},
});

export const documentList = defineOperation({
  name: "theta.ai.agent.document.list",
  summary: "Knowledge documents of an agent chatbot",
  input: z
    .object({
      chatbotId,
      page: z.number().int().min(0).default(0),
      number: z.number().int().min(1).max(100).default(30),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) =>
    (await ctx.client.controller.listDocuments(i.chatbotId, i.page, i.number)).body ?? {},
});
