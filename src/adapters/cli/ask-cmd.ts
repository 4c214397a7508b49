import { createApp } from "../../app/app.js";
import { loadConfig } from "../../config.js";
import type { Caller } from "../../core/chat/caller.js";
import { EnvCredentialProvider } from "../../core/credentials/provider.js";
import { createLogger } from "../../core/logger.js";
import type { Citation } from "../../core/qa/prompt.js";
import { parseQaArgs } from "./qa-args.js";
import type { CliIo } from "./run-cli.js";

const USAGE = 'theta-bot ask "<question>" [--tenant <id>] [--json]';

const reference = (c: Citation) => ({ title: c.title, section: c.section, url: c.url });
const line = (c: Citation) => `${c.title} › ${c.section}${c.url ? ` <${c.url}>` : ""}`;

/**
 * `theta-bot ask`: the whole answer path (retrieval, the Theta model, citations, budgets) with the
 * operator's env credentials. `--tenant` also searches that server's or workspace's documents and
 * counts the question against its limits; otherwise it runs as the operator.
 */
export async function askCommand(io: CliIo, args: string[]): Promise<unknown> {
  const a = parseQaArgs(args, USAGE);
  const config = loadConfig(io.env);
  const logger = createLogger(config.logLevel ?? "warn", io.stderr);
  const app = await createApp(config, {
    logger,
    credentials: new EnvCredentialProvider(config),
    embeddedQueue: true,
  });
  try {
    const tenant = a.tenant ?? { platform: "discord" as const, id: "operator" };
    const caller: Caller = {
      platform: tenant.platform === "slack" ? "slack" : "discord",
      tenantId: tenant.id,
      userId: "cli-operator",
      isAdmin: true,
      roleIds: [],
      channelId: "cli",
    };
    const answer = await app.qa.ask({ caller, question: a.question });
    const doc = {
      found: !answer.notFound,
      text: answer.text,
      citations: answer.citations.map(reference),
      related: answer.related.map(reference),
      toolsUsed: answer.toolsUsed,
      costUsd: answer.costUsd,
    };
    if (a.json) return doc;
    io.stdout.write(`${answer.text}\n`);
    for (const c of answer.citations) io.stdout.write(`[${c.n}] ${line(c)}\n`);
    if (answer.related.length) io.stdout.write("Closest topics in the docs:\n");
    for (const c of answer.related) io.stdout.write(`  ${line(c)}\n`);
    return undefined;
  } finally {
    await app.close();
  }
}
