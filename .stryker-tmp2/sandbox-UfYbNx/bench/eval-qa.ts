/**
 * Retrieval evaluation over the built-in knowledge base plus an operator-style folder
 * (test/fixtures/kb-operator): hit@1, hit@3 for questions with a known source section, the
 * not-found rate on unanswerable ones, and retrieval latency over a 10,000-chunk corpus.
 */
// @ts-nocheck

import { chunkDocument, type KnowledgeDoc } from "../src/core/qa/chunks.js";
import { isRelevant, KnowledgeIndex } from "../src/core/qa/knowledge-index.js";
import { BUILTIN_DIR, loadDocsFromDir } from "../src/core/qa/load-docs.js";
import { percentile, print } from "./stats.js";

const ANSWERABLE: Array<[string, string]> = [
  ["How do I set up my keys?", "Add the keys to your server or workspace"],
  ["Where do I create an API key?", "Create your Theta EdgeCloud API key"],
  ["What is the project id and where is it?", "Create your Theta EdgeCloud API key"],
  ["Where do I find the organisation id for my balance?", "Find your organisation id for the balance"],
  ["How do I get an on-demand access token?", "Get an on-demand access token"],
  ["Which token does /imagine need?", "Get an on-demand access token"],
  ["How do I connect my dedicated LLM endpoint?", "Connect a dedicated LLM endpoint"],
  ["What do I need for Theta Video uploads?", "Theta Video service account"],
  ["How can I check that my credentials work?", "Check that everything works"],
  ["Who can run /theta setup?", "Add the keys to your server or workspace"],
  ["How do I remove stored credentials?", "Add the keys to your server or workspace"],
  ["What options does /imagine take?", "/imagine"],
  ["Which model does /imagine use by default?", "/imagine"],
  ["What do the Reroll and Upscale buttons do?", "/imagine"],
  ["How do I make a video from text?", "/video"],
  ["What happens when no video model is live?", "/video"],
  ["How do I transcribe audio?", "Media commands"],
  ["How do I caption an image on Slack?", "Media commands"],
  ["Can I ask the bot a question in a thread?", "/ask and mentions"],
  ["Which cloud operations does /theta have?", "/theta"],
  ["How do I cancel my job?", "Jobs"],
  ["How do I see my recent jobs?", "Jobs"],
  ["Why do I have to confirm before a paid action?", "Quotes and confirmations"],
  ["How long does a confirmation stay valid?", "Quotes and confirmations"],
  ["Can paid actions run without asking?", "Auto-approval threshold"],
  ["How do I set a daily spending cap?", "Daily caps and job limits"],
  ["When do the daily caps reset?", "Daily caps and job limits"],
  ["What does dry run do?", "Dry run"],
  ["Am I billed if I cancel a job?", "Cancelling and billing"],
  ["The bot says this server has no credentials", "Missing credentials"],
  ["Theta refused the credentials with 403", "Theta refused the credentials"],
  ["What does no instances available mean?", "No instances available"],
  ["Why did I get a link instead of the file?", "The output is too large"],
  ["My new endpoint answers 502, is it broken?", "The endpoint is not ready"],
  ["What is an ambiguous submission?", "Ambiguous submission"],
  ["How do I request a GPU quota increase?", "Requesting a GPU quota increase"],
  ["Which GPU should I use for fine-tuning?", "Which GPU to choose for fine-tuning"],
  ["How should deployments be named?", "Naming deployments"],
  ["When are idle notebooks shut down?", "Shutting down idle notebooks"],
  ["How do new engineers get access to the Theta project?", "Getting access to the Theta project"],
  ["Who do I contact about billing questions?", "Support contacts"],
  ["Is my stored key encrypted?", "Add the keys to your server or workspace"],
];

const UNANSWERABLE = [
  "What is the capital of Mongolia?",
  "Who won the football world cup in 1998?",
  "Write me a poem about autumn leaves",
  "What is the boiling point of nitrogen?",
  "How tall is Mount Kilimanjaro?",
  "Recommend a good pizza restaurant in Naples",
  "What's the weather tomorrow in Oslo?",
  "Translate good morning into Japanese",
  "Explain the rules of cricket",
  "Which planet has the most moons?",
  "How do I bake sourdough bread?",
  "What is the population of Brazil?",
];

const docs: KnowledgeDoc[] = [
  ...(await loadDocsFromDir(BUILTIN_DIR, "builtin")),
  ...(await loadDocsFromDir("test/fixtures/kb-operator", "operator")),
];
const idx = new KnowledgeIndex();
for (const d of docs) idx.add(chunkDocument(d));

let hit1 = 0;
let hit3 = 0;
const misses: string[] = [];
for (const [q, section] of ANSWERABLE) {
  const hits = idx.query(q, { limit: 3 });
  if (hits[0]?.chunk.section === section && isRelevant(hits[0])) hit1++;
  if (hits.some((h) => h.chunk.section === section) && isRelevant(hits[0])) hit3++;
  else misses.push(`${q} → ${hits[0]?.chunk.section ?? "nothing"} (${hits[0]?.coverage.toFixed(2)})`);
}
let notFound = 0;
for (const q of UNANSWERABLE) if (!isRelevant(idx.query(q)[0])) notFound++;

// Latency over a 10,000-chunk corpus: the real docs plus synthetic operator sections.
const vocab =
  "deployment gpu cluster storage volume notebook agent template video stream ingestor endpoint model token quota billing invoice region replica container image policy budget cap job queue retry latency cache metric alert runbook escalation".split(
    " ",
  );
const big = new KnowledgeIndex();
for (const d of docs) big.add(chunkDocument(d));
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const synthetic = [];
for (let k = 0; big.size + synthetic.length < 10_000; k++) {
  const words = Array.from({ length: 60 }, () => vocab[Math.floor(rnd() * vocab.length)]).join(" ");
  synthetic.push({
    id: `syn#${k}`,
    docId: `syn${Math.floor(k / 10)}`,
    docTitle: `Runbook ${Math.floor(k / 10)}`,
    section: `Section ${k}`,
    text: words,
    source: "operator" as const,
  });
}
big.add(synthetic);
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  for (const [q] of ANSWERABLE) {
    const t0 = performance.now();
    big.query(q, { limit: 3 });
    times.push(performance.now() - t0);
  }
}
times.sort((a, b) => a - b);

print("questions", ANSWERABLE.length);
print("unanswerable", UNANSWERABLE.length);
print("hit_at_1", hit1 / ANSWERABLE.length);
print("hit_at_3", hit3 / ANSWERABLE.length);
print("not_found_rate", notFound / UNANSWERABLE.length);
print("corpus_chunks", big.size);
print("retrieval_p50_ms", percentile(times, 50));
print("retrieval_p99_ms", percentile(times, 99));
if (process.env.EVAL_VERBOSE) for (const m of misses) process.stderr.write(`miss: ${m}\n`);
