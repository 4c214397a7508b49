// @ts-nocheck
import { z } from "zod";
import { BotError } from "../errors.js";
import { defineOperation } from "./define.js";

export const health = defineOperation({
  name: "theta.health",
  summary: "Is Theta reachable (public VM catalog) and, when a key is set, accepted?",
  input: z.object({}).strict(),
  families: [],
  optionalFamilies: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_input, ctx) => {
    const out: Record<string, unknown> = { ok: false, publicApiReachable: false, authConfigured: false };
    try {
      out.vmCount = (await ctx.client.platform.listVms()).length;
      out.publicApiReachable = true;
    } catch (err) {
      out.publicApiError = err instanceof BotError ? err.message : "unreachable";
    }
    if (ctx.client.credentials.controller) {
      out.authConfigured = true;
      try {
        await ctx.client.controller.listDeployments();
        out.authVerified = true;
      } catch (err) {
        out.authVerified = false;
        out.authError = err instanceof BotError ? err.message : "failed";
      }
    }
    out.ok = out.publicApiReachable === true && out.authVerified !== false;
    out.timestamp = new Date().toISOString();
    return out;
  },
});
