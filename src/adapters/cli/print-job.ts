import { renderValue } from "./render.js";
import type { CliIo } from "./run-cli.js";
import type { JobRun } from "./run-job.js";

/**
 * A finished queued job: the document on stdout (JSON or text), one line on stderr when it did
 * not succeed. A job Theta finished whose output is missing or could not be fetched is not a
 * success: it says so and where the output is.
 */
export function printJob(io: CliIo, json: boolean, run: JobRun): number {
  const e = run.entry;
  const urls = e.outputUrls ?? [];
  let error = e.error;
  const delivered = e.state === "delivered" && e.outcome === "success";
  if (delivered && run.files.length === 0 && !e.text) {
    error = urls.length
      ? {
          code: "output_not_fetched",
          message: `Theta finished ${e.upstreamId ?? e.id} but its output could not be downloaded; it is at ${urls.join(", ")}.`,
        }
      : {
          code: "output_missing",
          message: `Theta finished ${e.upstreamId ?? e.id} without any output to download.`,
        };
  }
  const ok = delivered && !error;
  const doc = {
    ok,
    jobId: e.id,
    state: e.outcome ?? e.state,
    request: e.upstreamId ? { id: e.upstreamId } : undefined,
    outputUrls: urls,
    files: run.files,
    ...(run.notes.length ? { notes: run.notes } : {}),
    ...(e.text ? { text: e.text } : {}),
    ...(e.cost ? { cost: e.cost } : {}),
    ...(error ? { error } : {}),
  };
  io.stdout.write(json ? `${JSON.stringify(doc, null, 2)}\n` : `${renderValue(doc)}\n`);
  for (const note of run.notes) io.stderr.write(`theta-bot: ${note}\n`);
  if (!ok && error) io.stderr.write(`theta-bot: ${error.message} [${error.code}]\n`);
  return ok ? 0 : 1;
}
