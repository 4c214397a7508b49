// @ts-nocheck
import type { z } from "zod";
import type { Config } from "../../config.js";
import type { CredentialProvider, Tenant } from "../credentials/provider.js";
import type { Logger } from "../logger.js";
import type { ThetaClient } from "../theta/client.js";
import type { CredentialFamily } from "../theta/credentials.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";

export interface Quote {
  /** Best estimate in USD (or in Theta's raw units where the currency is unverified). */
  amount?: number | undefined;
  currency: "USD" | "units";
  /** Human text, e.g. "$0.01 per image". */
  display: string;
  /** Where the price came from. */
  source: "live" | "catalog" | "vm-catalog" | "unknown";
  basis: string;
}

export interface Progress {
  stage: string;
  message?: string | undefined;
  percent?: number | undefined;
  /** The answer so far, while a chat completion streams. */
  partial?: string | undefined;
}

export interface OperationContext {
  config: Config;
  /** Client holding only the credentials this operation's families resolved to. */
  client: ThetaClient;
  /** Client for read-only look-ups (discovery, VM catalog) that a quote or preview may need. */
  readClient: ThetaClient;
  credentials: CredentialProvider;
  tenant?: Tenant | undefined;
  dryRun: boolean;
  logger: Logger;
  signal?: AbortSignal | undefined;
  progress(p: Progress): void;
  /** On-demand discovery: live each time for the CLI, cached briefly for chat (quotes, model picks). */
  discover(): Promise<ServiceDiscovery>;
}

export interface Operation<S extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  input: S;
  /** Families whose credentials must be present (resolved before any request). */
  families: CredentialFamily[];
  /** Families used when present (e.g. a token sent to a public route). */
  optionalFamilies?: CredentialFamily[];
  mutating: boolean;
  paid: boolean;
  /** Takes long enough that adapters show progress (polls, waits). */
  long?: boolean;
  handler(input: z.output<S>, ctx: OperationContext): Promise<unknown>;
  quote?(input: z.output<S>, ctx: OperationContext): Promise<Quote>;
  /** Plain-text rendering for humans (CLI without --json, chat fallbacks). */
  render?(result: unknown): string;
}

/** Declares an operation with its input type inferred from the schema. */
export function defineOperation<S extends z.ZodType>(op: Operation<S>): Operation<S> {
  return op;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every input type
export type AnyOperation = Operation<any>;
