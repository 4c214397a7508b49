// @ts-nocheck
import type { Config } from "../../config.js";
import type { CredentialProvider, Tenant } from "../../core/credentials/provider.js";
import { BotError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { JobOrigin } from "../../core/present/job-card.js";
import { ThetaClient } from "../../core/theta/client.js";
import type { CredentialFamily, CredentialSet } from "../../core/theta/credentials.js";
import type { TransportHooks } from "../../core/theta/transport.js";
import type { Delivery } from "../delivery.js";
import type { Ledger, LedgerEntry } from "../ledger.js";

export interface JobEvents {
  /** Called once when a job reaches a final ledger state (delivered, failed, cancelled, ambiguous). */
  onFinal?(e: LedgerEntry): Promise<void> | void;
  onFinished?(e: {
    kind: string;
    service: string;
    outcome: string;
    seconds: number;
    tenant: string;
    costUsd?: number;
  }): void;
}

/** Everything a processor needs; built once per worker process. */
export interface JobDeps {
  config: Config;
  ledger: Ledger;
  credentials: CredentialProvider;
  delivery: Delivery;
  logger: Logger;
  hooks?: TransportHooks | undefined;
  events?: JobEvents | undefined;
  /** Platform-specific input download (e.g. Slack's private file URLs need the bot token); undefined = not handled. */
  fetchInput?: ((origin: JobOrigin, url: string) => Promise<Buffer | undefined>) | undefined;
  now?: () => number;
}

/** The job's ledger record; a job without one cannot be run safely. */
export async function ledgerEntry(deps: JobDeps, id: string): Promise<LedgerEntry> {
  const e = await deps.ledger.get(id);
  if (!e)
    throw new BotError({
      code: "ledger_missing",
      family: "jobs",
      message: `Job ${id} has no ledger record.`,
    });
  return e;
}

export function tenantOf(origin: JobOrigin): Tenant | undefined {
  if (origin.platform === "cli" || origin.platform === "test") return undefined;
  return { platform: origin.platform, id: origin.tenantId };
}

/** A client holding only the requested families of the job's tenant (resolved at run time, never stored in job data). */
export async function clientFor(
  deps: JobDeps,
  origin: JobOrigin,
  families: CredentialFamily[],
): Promise<ThetaClient> {
  const set: CredentialSet = {};
  for (const f of families) Object.assign(set, { [f]: await deps.credentials.resolve(tenantOf(origin), f) });
  return new ThetaClient({
    baseUrls: deps.config.baseUrls,
    http: deps.config.http,
    credentials: set,
    allowLocalEndpoints: deps.config.allowLocalEndpoints,
    outputHosts: deps.config.outputHosts,
    ...(deps.hooks ? { hooks: deps.hooks } : {}),
  });
}
