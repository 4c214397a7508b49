/** Seed chatbot and knowledge-base document of the controller double. */
// @ts-nocheck

import { SEED_TIME } from "./controller-seed.js";
import type { KbDocument } from "./state.js";
import type { BaseUrls, ResolvedOptions } from "./types.js";
import { seedId } from "./util.js";

export function seedChatbots(
  opts: ResolvedOptions,
  baseUrls: BaseUrls,
): { chatbots: Map<string, Record<string, unknown>>; documents: Map<string, KbDocument> } {
  const id = `chatbot_${seedId("chatbot", 20)}`;
  const kb = `kb_${seedId("kb", 20)}`;
  const chatbot: Record<string, unknown> = {
    id,
    name: "Double Support Bot",
    project_id: opts.projectId,
    llm_endpoint: `${baseUrls.inference}/v1`,
    llm_endpoint_id: `llmep_${seedId("llmep", 16)}`,
    llm_endpoints: [{ id: `llmep_${seedId("llmep", 16)}`, name: "vLLM", rank: 1 }],
    knowledge_base_id: kb,
    created_at: SEED_TIME,
    model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    max_tokens: 600,
    temperature: 0.5,
    system_prompt: "You answer questions about Theta EdgeCloud.",
    context_window: 8192,
    settings: { retriever: { type: "rerank" }, agent: { tools: { web_search: false, text_to_sql: false } } },
    warm_up_messages: [],
  };
  const doc: KbDocument = {
    id: `doc_${seedId("doc", 20)}`,
    chatbot_id: id,
    knowledge_base_id: kb,
    content: "Theta EdgeCloud is a hybrid cloud for AI workloads.",
    metadata: { query_type: "text", description: "intro", type: "file", filename: "intro.txt" },
    filename: "intro.txt",
    created_at: SEED_TIME,
    embedding_token_count: 11,
  };
  return { chatbots: new Map([[id, chatbot]]), documents: new Map([[doc.id, doc]]) };
}
