import { loadConfig } from "../../config.js";
import { usageError } from "../../core/errors.js";
import { KnowledgeBase } from "../../core/qa/knowledge-base.js";
import { openStateStore } from "../../core/store/index.js";
import { parseQaArgs } from "./qa-args.js";
import type { CliIo } from "./run-cli.js";

const USAGE = 'theta-bot kb search "<question>" [--tenant <id>] [--kb-dir <dir>] [--json]';

/** Stands in for "no tenant": no Discord or Slack id looks like this, so no tenant documents match. */
const NO_TENANT = { platform: "discord" as const, id: "-" };

/**
 * `theta-bot kb search`: exactly the retrieval decision the Q&A service makes (same index, same
 * gate, no model call). `--json` prints `{"found", "passages": [{"doc", "section", "score"}]}`, a
 * shape outside checks rely on: keep it stable.
 */
export async function kbCommand(io: CliIo, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== "search") throw usageError("INVALID_ARGUMENT", `Usage: ${USAGE}`);
  const a = parseQaArgs(rest, USAGE);
  const config = loadConfig(io.env);
  const store = await openStateStore({ redisUrl: config.redisUrl, dataDir: config.dataDir });
  try {
    const kb = await KnowledgeBase.load(store, { knowledgeDir: a.kbDir ?? config.qa.knowledgeDir });
    const d = await kb.decide(a.tenant ?? NO_TENANT, a.question);
    const passages = d.passages.map((h) => ({
      doc: h.chunk.docTitle,
      section: h.chunk.section,
      score: Math.round(h.relevance * 1000) / 1000,
    }));
    if (a.json) {
      io.stdout.write(`${JSON.stringify({ found: d.found, passages })}\n`);
      return;
    }
    io.stdout.write(
      d.found
        ? "Found: the bot would answer from\n"
        : "Not found: the bot would say it is not in the docs.\n",
    );
    for (const p of passages) io.stdout.write(`  ${p.score.toFixed(3)}  ${p.doc} › ${p.section}\n`);
    if (!d.found && d.ranked.length) {
      io.stdout.write("Closest sections (below the threshold):\n");
      for (const h of d.ranked)
        io.stdout.write(`  ${h.relevance.toFixed(3)}  ${h.chunk.docTitle} › ${h.chunk.section}\n`);
    }
  } finally {
    await store.close();
  }
}
