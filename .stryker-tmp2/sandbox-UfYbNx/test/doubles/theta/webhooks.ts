/**
 * Completion webhooks the double sends for infer requests created with `webhook`: the request
 * object (no envelope) POSTed when it finishes, as Theta's docs describe (payload unconfirmed).
 * Faults: never sent, sent twice, sent late, sent to a forged URL, or sent early (out of order,
 * claiming success while the request is still processing).
 */
// @ts-nocheck

import type { Core } from "./context.js";
import type { ServiceDef } from "./ondemand-services.js";
import type { InferRecord } from "./state.js";
import { randId } from "./util.js";

export type WebhookFault =
  | { mode: "send" }
  | { mode: "never" }
  | { mode: "twice"; gapMs?: number }
  | { mode: "late"; delayMs: number }
  | { mode: "forged" }
  | { mode: "early" };

export interface WebhookCall {
  requestId: string;
  url: string;
  /** HTTP status the bot answered (0 when the call failed). */
  status: number;
  forged: boolean;
  early: boolean;
  at: number;
}

interface Plan {
  fault: WebhookFault;
  calls: WebhookCall[];
}

const plans = new WeakMap<Core, Plan>();

export function webhookPlan(core: Core): Plan {
  let p = plans.get(core);
  if (!p) {
    p = { fault: { mode: "send" }, calls: [] };
    plans.set(core, p);
  }
  return p;
}

export function resetWebhooks(core: Core): void {
  plans.set(core, { fault: { mode: "send" }, calls: [] });
}

/** Swaps the token (last path segment) for a random one: what a forger who guessed the path would send. */
function forge(url: string): string {
  const u = new URL(url);
  u.pathname = u.pathname.replace(/[^/]+$/, randId(32));
  return u.toString();
}

export function scheduleWebhook(
  core: Core,
  s: ServiceDef,
  rec: InferRecord,
  view: (core: Core, s: ServiceDef, r: InferRecord) => Record<string, unknown>,
  terminalInMs: number,
): void {
  const hook = rec.webhook;
  if (!hook || !/^https?:\/\//i.test(hook)) return;
  const plan = webhookPlan(core);
  const fault = plan.fault;
  const send = (url: string, o: { forged?: boolean; early?: boolean } = {}) => {
    const body = o.early ? { ...view(core, s, rec), state: "success" } : view(core, s, rec);
    void fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(2000),
    }).then(
      (res) => {
        plan.calls.push({
          requestId: rec.id,
          url,
          status: res.status,
          forged: !!o.forged,
          early: !!o.early,
          at: Date.now(),
        });
      },
      () => {
        plan.calls.push({
          requestId: rec.id,
          url,
          status: 0,
          forged: !!o.forged,
          early: !!o.early,
          at: Date.now(),
        });
      },
    );
  };
  switch (fault.mode) {
    case "never":
      return;
    case "twice":
      core.schedule(terminalInMs, () => send(hook));
      core.schedule(terminalInMs + (fault.gapMs ?? 50), () => send(hook));
      return;
    case "late":
      core.schedule(terminalInMs + fault.delayMs, () => send(hook));
      return;
    case "forged":
      core.schedule(terminalInMs, () => send(forge(hook), { forged: true }));
      return;
    case "early":
      core.schedule(Math.max(0, rec.pendingMs), () => send(hook, { early: true }));
      return;
    default:
      core.schedule(terminalInMs, () => send(hook));
  }
}
