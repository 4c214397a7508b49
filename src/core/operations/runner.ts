import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { Config } from "../../config.js";
import type { CredentialProvider, Tenant } from "../credentials/provider.js";
import { BotError, usageError } from "../errors.js";
import type { Logger } from "../logger.js";
import { ThetaClient } from "../theta/client.js";
import type { CredentialFamily, CredentialSet } from "../theta/credentials.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import { DryRunCapture, type RequestPreview, type TransportHooks } from "../theta/transport.js";
import type { AnyOperation, OperationContext, Progress, Quote } from "./define.js";
import { getOperation, suggestOperations } from "./registry.js";

export interface Runtime {
  config: Config;
  credentials: CredentialProvider;
  logger: Logger;
  hooks?: TransportHooks;
  dispatcher?: Dispatcher;
  /** Shared discovery (a short cache for chat); default: ask Theta each time. */
  discover?: () => Promise<ServiceDiscovery>;
}

export interface RunOptions {
  tenant?: Tenant | undefined;
  signal?: AbortSignal | undefined;
  progress?: ((p: Progress) => void) | undefined;
  /** Overrides THETA_DRY_RUN for this call. */
  dryRun?: boolean | undefined;
}

export type RunResult =
  | { kind: "result"; operation: string; result: unknown }
  | {
      kind: "dryRun";
      operation: string;
      request?: RequestPreview | undefined;
      result?: unknown;
      quote?: Quote | undefined;
      missingCredentials?: Record<string, string[]> | undefined;
    };

/** Placeholders so a dry run can preview a request whose credentials are not set yet. */
const PLACEHOLDER: Required<CredentialSet> = {
  controller: { apiKey: "[not set]", projectId: "prj_notset" },
  billing: { apiKey: "[not set]", orgId: "org_notset" },
  ondemand: { token: "[not set]" },
  inference: { endpoint: "https://endpoint-not-set.thetaedgecloud.com", token: "[not set]" },
  video: { saId: "srvacc_notset", saSecret: "[not set]" },
};

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.join(".") : "(input)"}: ${i.message}`);
}

/** The operation of that name, or a usage error with the nearest names. */
export function findOperation(name: string): AnyOperation {
  const op = getOperation(name);
  if (op) return op;
  const near = suggestOperations(name);
  throw usageError(
    "UNKNOWN_OPERATION",
    `Unsupported theta runtime command: ${name}.${near.length ? ` Did you mean ${near.join(", ")}?` : ""} Run \`theta-bot ops\` for the list.`,
  );
}

/** Finds the operation and validates the input; nothing is sent for invalid input. */
export function prepare(name: string, raw: unknown): { op: AnyOperation; input: unknown } {
  const op = findOperation(name);
  const parsed = op.input.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues);
    throw usageError("INVALID_INPUT", `Invalid input for ${name}: ${lines.join("; ")}`, { issues: lines });
  }
  return { op, input: parsed.data };
}

async function resolveFamilies(rt: Runtime, op: AnyOperation, tenant: Tenant | undefined, preview: boolean) {
  const set: CredentialSet = {};
  const real: CredentialSet = {};
  const missing: Record<string, string[]> = {};
  for (const family of op.families as CredentialFamily[]) {
    try {
      const creds = await rt.credentials.resolve(tenant, family);
      Object.assign(set, { [family]: creds });
      Object.assign(real, { [family]: creds });
    } catch (err) {
      if (!preview || !(err instanceof BotError) || err.code !== "missing_credentials") throw err;
      missing[family] = (err.details?.missing as string[]) ?? [];
      Object.assign(set, { [family]: PLACEHOLDER[family] });
    }
  }
  for (const family of (op.optionalFamilies ?? []) as CredentialFamily[]) {
    if (set[family]) continue;
    const st = await rt.credentials.status(tenant, family);
    if (!st.configured) continue;
    const creds = await rt.credentials.resolve(tenant, family);
    Object.assign(set, { [family]: creds });
    Object.assign(real, { [family]: creds });
  }
  return { set, real, missing };
}

function buildContext(
  rt: Runtime,
  op: AnyOperation,
  creds: { set: CredentialSet; real: CredentialSet },
  o: RunOptions,
  dryRun: boolean,
): OperationContext {
  const make = (capture: boolean, set: CredentialSet) =>
    new ThetaClient({
      baseUrls: rt.config.baseUrls,
      http: rt.config.http,
      credentials: set,
      allowLocalEndpoints: rt.config.allowLocalEndpoints,
      outputHosts: rt.config.outputHosts,
      capture,
      ...(rt.hooks ? { hooks: rt.hooks } : {}),
      ...(rt.dispatcher ? { dispatcher: rt.dispatcher } : {}),
    });
  // Look-ups for quotes and previews only ever carry real credentials, never placeholders.
  const readClient = make(false, creds.real);
  let logger: Logger | undefined;
  return {
    config: rt.config,
    client: dryRun && op.mutating ? make(true, creds.set) : readClient,
    readClient,
    credentials: rt.credentials,
    tenant: o.tenant,
    dryRun,
    // Made on first use: a child logger serialises (and redacts) its bindings when it is created,
    // and most operations never log.
    get logger() {
      logger ??= rt.logger.child({
        op: op.name,
        ...(o.tenant ? { tenant: `${o.tenant.platform}:${o.tenant.id}` } : {}),
      });
      return logger;
    },
    signal: o.signal,
    progress: o.progress ?? (() => {}),
    discover: rt.discover ?? (() => readClient.ondemandPublic.discover()),
  };
}

/** Runs one operation: validate, resolve only the credentials it needs, then run or preview. */
export async function runOperation(
  rt: Runtime,
  name: string,
  raw: unknown,
  o: RunOptions = {},
): Promise<RunResult> {
  const { op, input } = prepare(name, raw);
  const dryRun = (o.dryRun ?? rt.config.dryRun) && op.mutating;
  const creds = await resolveFamilies(rt, op, o.tenant, dryRun);
  const ctx = buildContext(rt, op, creds, o, dryRun);
  const missing = creds.missing;
  if (!dryRun) return { kind: "result", operation: op.name, result: await op.handler(input, ctx) };
  const quote = op.quote ? await op.quote(input, ctx).catch(() => undefined) : undefined;
  const extra = {
    ...(quote ? { quote } : {}),
    ...(Object.keys(missing).length ? { missingCredentials: missing } : {}),
  };
  try {
    const result = await op.handler(input, ctx);
    return { kind: "dryRun", operation: op.name, result, ...extra };
  } catch (err) {
    if (err instanceof DryRunCapture)
      return { kind: "dryRun", operation: op.name, request: err.preview, ...extra };
    throw err;
  }
}

/** The quote of an operation that has one (paid ones; some free ones explain why they cost nothing). */
export async function quoteOperation(
  rt: Runtime,
  name: string,
  raw: unknown,
  o: RunOptions = {},
): Promise<Quote | undefined> {
  const { op, input } = prepare(name, raw);
  if (!op.quote) return undefined;
  const creds = await resolveFamilies(rt, op, o.tenant, true);
  return op.quote(input, buildContext(rt, op, creds, o, false));
}
