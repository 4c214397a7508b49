import type { AutocompleteInteraction } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import type { deploymentsOf, resourcesOf, templatesOf } from "../../../core/operations/gpu.js";
import { runOperation } from "../../../core/operations/runner.js";
import { callerOf } from "../caller.js";
import type { DiscordContext } from "../context.js";

type Choice = { name: string; value: string };
const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

/** Live choices for /gpu: resources with their prices, templates, the template's images, node ids. */
export async function gpuChoices(ctx: DiscordContext, i: AutocompleteInteraction): Promise<Choice[]> {
  const focused = i.options.getFocused(true);
  const typed = String(focused.value).toLowerCase();
  const tenant = tenantOf(callerOf(i));
  const run = async <T>(op: string) => {
    const r = await runOperation(ctx.app.runtime, op, {}, { tenant });
    return (r.kind === "result" ? r.result : {}) as T;
  };
  let choices: Choice[] = [];
  if (focused.name === "resource") {
    const { resources } = await run<ReturnType<typeof resourcesOf>>("theta.gpu.resources.list");
    choices = resources.map((r) => ({
      name: clip(
        `${r.name} · ${r.pricePerHourUsd === undefined ? "no price" : `$${r.pricePerHourUsd.toFixed(2)}/h`}${r.kind === "community" ? " · community (set max_price)" : ""}${r.regions.length ? ` · ${r.regions.join(", ")}` : ""}`,
      ),
      value: r.id,
    }));
  } else if (focused.name === "template" || focused.name === "image") {
    const { templates } = await run<ReturnType<typeof templatesOf>>("theta.gpu.templates.list");
    if (focused.name === "template")
      choices = templates.map((t) => ({ name: clip(`${t.name} (${t.id})`), value: t.id }));
    else {
      const chosen = i.options.getString("template");
      const pool = chosen ? templates.filter((t) => t.id === chosen) : templates;
      choices = [...new Set(pool.flatMap((t) => t.images))].map((img) => ({ name: clip(img), value: img }));
    }
  } else if (focused.name === "id") {
    const { deployments } = await run<ReturnType<typeof deploymentsOf>>("theta.gpu.deployments.list");
    choices = deployments.map((d) => ({
      name: clip(`${d.name ?? d.id} · ${d.status} · ${d.id}`),
      value: d.id,
    }));
  }
  return choices
    .filter((c) => c.name.toLowerCase().includes(typed) || c.value.toLowerCase().includes(typed))
    .slice(0, 25);
}
