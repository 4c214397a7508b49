import { usageError } from "../errors.js";
import { type Runtime, runOperation } from "../operations/runner.js";
import { getPolicy } from "../policy/index.js";
import type { StateStore } from "../store/index.js";
import { type Caller, tenantOf } from "./caller.js";

const SYSTEM = "You are a concise, accurate assistant for a team using Theta EdgeCloud.";

/**
 * One answer from a Theta LLM for a chat user: the tenant's dedicated endpoint when it has one,
 * else on-demand chat. The tenant's policy decides whether questions are allowed.
 */
export async function askQuestion(
  rt: Runtime,
  store: StateStore,
  caller: Caller,
  question: string,
): Promise<string> {
  const tenant = tenantOf(caller);
  const policy = await getPolicy(store, tenant);
  if (!policy.qaEnabled)
    throw usageError("permission_denied", "Questions are turned off here (/theta policy).");
  const messages = [
    { role: "system", content: SYSTEM },
    { role: "user", content: question },
  ];
  const dedicated = (await rt.credentials.status(tenant, "inference")).configured;
  const r = await runOperation(
    rt,
    dedicated ? "theta.inference.chat" : "theta.ondemand.chat",
    { messages },
    { tenant },
  );
  if (r.kind !== "result") return "(dry run: nothing was asked)";
  return (
    String((r.result as { text?: string }).text ?? "") ||
    "The model returned an empty answer; try rephrasing."
  );
}
