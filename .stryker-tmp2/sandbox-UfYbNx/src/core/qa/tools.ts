/**
 * Read-only tools the Q&A model may call for the asker: balance, their recent jobs, live services,
 * configured credential families. None spends, none returns a secret, and each checks the asker's
 * permission when it runs — a tool call is a request from untrusted text, not an order.
 */
// @ts-nocheck


import type { Caller } from "../chat/caller.js";
import { tenantOf } from "../chat/caller.js";
import { ALL_FAMILIES } from "../credentials/provider.js";
import { isBotError } from "../errors.js";
import type { LedgerEntry } from "../job-record.js";
import type { Runtime } from "../operations/runner.js";
import { runOperation } from "../operations/runner.js";
import { maySpend, type Policy } from "../policy/index.js";
import { redact } from "../redact.js";
import type { ServiceSummary } from "../theta/ondemand-services.js";

export interface ToolContext {
  rt: Runtime;
  caller: Caller;
  policy: Policy;
  /** The caller's own recent jobs on this platform and tenant. */
  recentJobs(caller: Caller): Promise<LedgerEntry[]>;
  services(): Promise<ServiceSummary[]>;
}

interface QaTool {
  name: string;
  description: string;
  /** May this asker use it? Tools they may not use are neither offered nor run. */
  allowed(ctx: ToolContext): boolean;
  /** Why not, for the refusal. */
  refusal: string;
  run(ctx: ToolContext): Promise<unknown>;
}

const TOOLS: QaTool[] = [
  {
    name: "get_balance",
    description: "The team's Theta EdgeCloud credit balance.",
    allowed: (c) => maySpend(c.policy, c.caller),
    refusal: "The balance is only shown to people who may spend here (admins and spender roles).",
    run: async (c) => {
      const r = await runOperation(c.rt, "theta.billing.balance", {}, { tenant: tenantOf(c.caller) });
      const b = (r.kind === "result" ? r.result : {}) as { balance?: number };
      return { balanceCredits: b.balance ?? null };
    },
  },
  {
    name: "recent_jobs",
    description:
      "The asker's own five most recent bot jobs (images, videos, waits) with their state and error.",
    allowed: () => true,
    refusal: "",
    run: async (c) =>
      (await c.recentJobs(c.caller)).slice(0, 5).map((e) => ({
        id: e.id,
        title: e.title,
        state: e.state,
        service: e.service,
        createdAt: new Date(e.createdAt).toISOString(),
        ...(e.error ? { error: e.error } : {}),
      })),
  },
  {
    name: "live_services",
    description:
      "Which Theta on-demand model services are listed now (source live = from Theta's live list), with their category.",
    allowed: () => true,
    refusal: "",
    run: async (c) =>
      (await c.services())
        .slice(0, 40)
        .map((s) => ({ alias: s.alias, category: s.category, name: s.name, source: s.source })),
  },
  {
    name: "capabilities",
    description:
      "Which credential families (controller, billing, ondemand, inference, video) are set up here, never their values.",
    allowed: () => true,
    refusal: "",
    run: async (c) => {
      const out: Record<string, string> = {};
      for (const f of ALL_FAMILIES) {
        const st = await c.rt.credentials.status(tenantOf(c.caller), f);
        out[f] = st.configured
          ? `set (${st.source === "tenant" ? "by this team" : "shared by the operator"})`
          : "not set";
      }
      return out;
    },
  },
];

/** Chat-completions `tools` for the tools this asker may use. */
export function toolSpecs(ctx: ToolContext): unknown[] {
  return TOOLS.filter((t) => t.allowed(ctx)).map((t) => ({
    type: "function",
    function: {
      name: t.name,
      description: t.description,
      parameters: { type: "object", properties: {}, additionalProperties: false },
    },
  }));
}

export interface ToolOutcome {
  name: string;
  ok: boolean;
  /** JSON text given back to the model (redacted, bounded). */
  content: string;
}

/** Runs one tool call; unknown tools and tools the asker may not use are refused, not run. */
export async function runTool(name: string, ctx: ToolContext): Promise<ToolOutcome> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool)
    return { name, ok: false, content: JSON.stringify({ error: `There is no tool named ${name}.` }) };
  if (!tool.allowed(ctx)) return { name, ok: false, content: JSON.stringify({ error: tool.refusal }) };
  try {
    const text = redact(JSON.stringify(await tool.run(ctx)));
    return { name, ok: true, content: text.length > 4000 ? `${text.slice(0, 4000)}…` : text };
  } catch (err) {
    const message = isBotError(err) ? err.message : "the lookup failed";
    return { name, ok: false, content: JSON.stringify({ error: redact(message) }) };
  }
}

/** Obvious account questions, for models without tool calling: which tool answers them. */
export function intentTool(question: string): string | undefined {
  const q = question.toLowerCase();
  if (/\b(balance|credits?|how much (money|credit)|funds)\b/.test(q)) return "get_balance";
  if (/\b(my|recent|last|failed)\b.*\bjobs?\b|\bjob\b.*\b(fail|error|stuck)/.test(q)) return "recent_jobs";
  if (/\b(which|what)\b.*\b(services?|models?)\b.*\b(live|available|up|running)\b/.test(q))
    return "live_services";
  if (/\b(credentials?|keys?)\b.*\b(set|configured|missing)\b|\bcapabilit/.test(q)) return "capabilities";
  return undefined;
}

/** The refusal text when an asker's question needs a tool they may not use. */
export function refusalOf(name: string): string | undefined {
  return TOOLS.find((t) => t.name === name)?.refusal;
}

export function toolAllowed(name: string, ctx: ToolContext): boolean {
  return TOOLS.find((t) => t.name === name)?.allowed(ctx) ?? false;
}
