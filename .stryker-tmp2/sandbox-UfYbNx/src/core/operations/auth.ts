// @ts-nocheck
import { z } from "zod";
import { FAMILY_PROBES } from "../chat/credential-setup.js";
import { ALL_FAMILIES } from "../credentials/provider.js";
import { BotError } from "../errors.js";
import type { CredentialFamily } from "../theta/credentials.js";
import { defineOperation } from "./define.js";

const NOTES: Record<CredentialFamily, string> = {
  controller: "deployments, templates, GPU nodes/clusters, storage, notebooks, agents",
  billing: "organisation balance",
  ondemand: "/imagine, /video, media commands, Q&A answers",
  inference: "dedicated OpenAI-compatible endpoint",
  video: "Theta Video API: uploads, transcodes, livestreams",
};

export const capabilities = defineOperation({
  name: "theta.auth.capabilities",
  summary: "Which credential families are configured (and, with --verify, accepted by Theta)",
  input: z.object({ verify: z.boolean().default(false) }).strict(),
  families: [],
  optionalFamilies: ALL_FAMILIES,
  mutating: false,
  paid: false,
  handler: async (input, ctx) => {
    const caps = [];
    for (const family of ALL_FAMILIES) {
      const st = await ctx.credentials.status(ctx.tenant, family);
      const cap: Record<string, unknown> = {
        name: family,
        configured: st.configured,
        verified: false,
        missing: st.missing,
        source: st.source,
        notes: NOTES[family],
      };
      if (input.verify && st.configured) {
        try {
          await FAMILY_PROBES[family](ctx.client);
          cap.verified = true;
        } catch (err) {
          cap.error =
            err instanceof BotError
              ? { code: err.code, message: err.message.slice(0, 220) }
              : { code: "error" };
        }
      }
      caps.push(cap);
    }
    return {
      mode: "api-key-first",
      dryRun: ctx.dryRun,
      verifiedWithTheta: input.verify,
      timestamp: new Date().toISOString(),
      capabilities: caps,
      summary: {
        configured: caps.filter((c) => c.configured).length,
        verified: caps.filter((c) => c.verified).length,
        total: caps.length,
      },
    };
  },
  render: (r) => {
    const res = r as { capabilities: Array<Record<string, unknown>>; verifiedWithTheta: boolean };
    const lines = res.capabilities.map((c) => {
      const mark = c.verified
        ? "verified"
        : c.configured
          ? res.verifiedWithTheta
            ? "REJECTED"
            : "configured"
          : "missing";
      const extra = c.configured
        ? c.error
          ? ` — ${(c.error as { message?: string }).message ?? ""}`
          : ""
        : ` — set ${(c.missing as string[]).join(", ")}`;
      return `${String(c.name).padEnd(11)} ${mark.padEnd(10)} ${c.notes}${extra}`;
    });
    if (!res.verifiedWithTheta) lines.push("", "Run with --verify to check the keys against Theta.");
    return lines.join("\n");
  },
});
