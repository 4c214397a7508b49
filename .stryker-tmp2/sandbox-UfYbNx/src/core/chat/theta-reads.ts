// @ts-nocheck
import type { Tenant } from "../credentials/provider.js";
import { ALL_FAMILIES } from "../credentials/provider.js";
import type { Runtime } from "../operations/runner.js";

/** Read-only /theta subcommands, the same on every platform: title, operation, input. */
export const THETA_READS: Record<
  string,
  { title: string; operation: string; input: (arg?: string) => Record<string, unknown> }
> = {
  balance: { title: "Balance", operation: "theta.billing.balance", input: () => ({}) },
  capabilities: {
    title: "Capabilities",
    operation: "theta.auth.capabilities",
    input: () => ({ verify: true }),
  },
  health: { title: "Theta health", operation: "theta.health", input: () => ({}) },
  services: {
    title: "Live services",
    operation: "theta.ondemand.listServices",
    input: (c) => (c ? { category: c } : {}),
  },
  templates: {
    title: "Serving templates",
    operation: "theta.deployments.listStandard",
    input: () => ({ category: "serving", all: true }),
  },
  storage: { title: "Storage", operation: "theta.ai.storage.list", input: () => ({}) },
  notebooks: { title: "Notebooks", operation: "theta.ai.jupyter.list", input: () => ({}) },
  agents: { title: "Agents", operation: "theta.ai.agent.list", input: () => ({}) },
};

/** Which credential families a tenant has and where they come from (never the values). */
export async function credentialStatusLines(
  rt: Runtime,
  tenant: Tenant,
  place: "server" | "workspace",
): Promise<string[]> {
  const lines: string[] = [];
  for (const f of ALL_FAMILIES) {
    const st = await rt.credentials.status(tenant, f);
    const where =
      st.source === "tenant"
        ? `set for this ${place}`
        : st.source === "env"
          ? "shared by the bot's operator"
          : "not set — /theta setup";
    lines.push(`*${f}*: ${where}`);
  }
  return lines;
}
