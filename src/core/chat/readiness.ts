import type { JobSubmitter } from "../job-record.js";
import type { Runtime } from "../operations/runner.js";
import type { Outcome } from "./actions.js";
import { type Caller, originOf, tenantOf } from "./caller.js";

const TITLE = "Endpoint readiness";

/**
 * `/theta endpoint ready` on any platform: a free readiness job that probes the tenant's dedicated
 * endpoint. The job id is the inbound command's own id (Discord interaction, Slack trigger), so a
 * redelivered or retried command is the same job, not a second one.
 */
export async function startReadiness(
  rt: Runtime,
  jobs: JobSubmitter,
  caller: Caller,
  inboundId: string,
): Promise<Extract<Outcome, { kind: "started" }>> {
  await rt.credentials.resolve(tenantOf(caller), "inference");
  const jobId = `ready-${inboundId}`;
  const r = await jobs.submit({
    id: jobId,
    kind: "readiness",
    title: TITLE,
    origin: originOf(caller),
    data: { probe: "openai" },
  });
  return { kind: "started", jobId, quote: undefined, created: r.created, title: TITLE };
}
