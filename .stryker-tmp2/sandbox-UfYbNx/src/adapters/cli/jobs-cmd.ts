// @ts-nocheck
import { loadConfig } from "../../config.js";
import { usageError } from "../../core/errors.js";
import { openStateStore } from "../../core/store/index.js";
import { Ledger, type LedgerEntry } from "../../jobs/ledger.js";
import { openJobQueue } from "../../jobs/queue/index.js";
import { JobService } from "../../jobs/service.js";
import { renderValue } from "./render.js";
import type { CliIo } from "./run-cli.js";

function row(e: LedgerEntry): string {
  const when = new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19);
  return `${e.id.padEnd(28)} ${(e.outcome ?? e.state).padEnd(10)} ${e.kind.padEnd(9)} ${when}  ${e.origin.platform}:${e.origin.tenantId}  ${e.title}`;
}

/** `theta-bot jobs list|show <id>|cancel <id>`: reads (and for cancel, changes) the job ledger. */
export async function jobsCommand(io: CliIo, args: string[]): Promise<unknown> {
  const [sub, id] = args.filter((a) => !a.startsWith("--"));
  const json = args.includes("--json");
  const config = loadConfig(io.env);
  const store = await openStateStore({ redisUrl: config.redisUrl, dataDir: config.dataDir });
  try {
    const ledger = new Ledger(store);
    if (sub === "list" || sub === undefined) {
      const entries = await ledger.list({ limit: 50 });
      if (json) return entries;
      io.stdout.write(entries.length ? `${entries.map(row).join("\n")}\n` : "No jobs recorded.\n");
      return undefined;
    }
    if (!id) throw usageError("MISSING_JOB_ID", `Usage: theta-bot jobs ${sub} <job id>`);
    const e = await ledger.get(id);
    if (!e) throw usageError("job_not_found", `No job ${id} in the ledger (${store.kind} store).`);
    if (sub === "show") {
      if (json) return e;
      io.stdout.write(`${renderValue({ ...e, data: undefined })}\n`);
      return undefined;
    }
    if (sub === "cancel") {
      if (!config.redisUrl && e.origin.platform !== "cli") {
        throw usageError(
          "CANCEL_NEEDS_SHARED_QUEUE",
          "This job runs in the bot's in-process queue; cancel it from chat, or run with REDIS_URL so the CLI shares the queue.",
        );
      }
      const queue = openJobQueue({ redisUrl: config.redisUrl });
      try {
        // The operator may cancel any job: act as its requester.
        const r = await new JobService(queue, ledger).cancel(id, e.origin.userId);
        if (json) return r;
        io.stdout.write(`${r.message}\n`);
        return undefined;
      } finally {
        await queue.close({ timeoutMs: 1000 });
      }
    }
    throw usageError(
      "UNKNOWN_SUBCOMMAND",
      `Unknown jobs subcommand "${sub}": use list, show <id> or cancel <id>.`,
    );
  } finally {
    await store.close();
  }
}
