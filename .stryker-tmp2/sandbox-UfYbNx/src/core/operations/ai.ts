// @ts-nocheck
import { z } from "zod";
import { defineOperation } from "./define.js";

const empty = z.object({}).strict();

/** Deployments whose template is a serving template (standard or custom), i.e. model endpoints. */
export const dedicatedDeployments = defineOperation({
  name: "theta.ai.dedicatedDeployments.list",
  summary: "Dedicated model deployments (serving templates only)",
  input: empty,
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => {
    const c = ctx.client.controller;
    const [list, standard, custom] = await Promise.all([
      c.listDeployments(),
      c.listAllStandardTemplates("serving"),
      c.listCustomTemplates(),
    ]);
    const names = new Set(
      [...standard, ...custom.filter((t) => !t.category || t.category === "serving")]
        .map((t) => String(t.name ?? "").toLowerCase())
        .filter(Boolean),
    );
    if (names.size === 0) {
      return {
        count: list.deployments.length,
        deployments: list.deployments,
        filter: { mode: "unfiltered-fallback", templateCount: 0, degraded: true },
        warnings: ["No serving templates were listed, so every deployment is shown."],
      };
    }
    const deployments = list.deployments.filter((d) => names.has(String(d.TemplateName ?? "").toLowerCase()));
    return {
      count: deployments.length,
      deployments,
      filter: { mode: "serving-template-allowlist", templateCount: names.size, degraded: false },
    };
  },
});

const byTemplate = (name: string, op: string, summary: string) =>
  defineOperation({
    name: op,
    summary,
    input: empty,
    families: ["controller"],
    mutating: false,
    paid: false,
    handler: async (_i, ctx) => {
      const r = await ctx.client.controller.listDeployments({ templateName: [name] });
      return { count: r.deployments.length, deployments: r.deployments };
    },
  });

export const jupyter = byTemplate(
  "Jupyter Notebook",
  "theta.ai.jupyter.list",
  "Jupyter notebook deployments",
);
export const gpuNode = byTemplate("GPU Node", "theta.ai.gpuNode.list", "GPU node deployments");

export const gpuCluster = defineOperation({
  name: "theta.ai.gpuCluster.list",
  summary: "GPU clusters of the project",
  input: empty,
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (_i, ctx) => (await ctx.client.controller.listClusters()).body ?? {},
});

export const storage = defineOperation({
  name: "theta.ai.storage.list",
  summary: "Persistent storage claims (volumes) of the project",
  input: z
    .object({
      page: z.number().int().min(1).default(1),
      number: z.number().int().min(1).max(100).default(20),
    })
    .strict(),
  families: ["controller"],
  mutating: false,
  paid: false,
  handler: async (i, ctx) => (await ctx.client.controller.listStorage(i.page, i.number)).body ?? {},
});
