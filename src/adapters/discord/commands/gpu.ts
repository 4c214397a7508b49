import {
  ActionRowBuilder,
  AttachmentBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import {
  expectedHours,
  type GpuCreateOptions,
  gpuCreateRequest,
  gpuEndRequest,
  gpuStartRequest,
  mayConnect,
} from "../../../core/chat/gpu-requests.js";
import { usageError } from "../../../core/errors.js";
import { getOperation } from "../../../core/operations/registry.js";
import { runOperation } from "../../../core/operations/runner.js";
import { getPolicy, requireSpender } from "../../../core/policy/index.js";
import type { GpuDeployment } from "../../../core/theta/gpu-shapes.js";
import { ADMIN_LABEL, callerOf } from "../caller.js";
import type { DiscordCommand, DiscordContext } from "../context.js";
import { checkChannel, showOutcome } from "../paid.js";
import { textMessage } from "../render.js";
import { gpuChoices } from "./gpu-autocomplete.js";
import { gpuDefinition } from "./gpu-definition.js";

const DRAFT_TTL_MS = 10 * 60 * 1000;
const draftKey = (id: string) => `gpu:draft:${id}`;
/** Longer text than this goes as a file attachment. */
const INLINE_MAX = 1500;

async function read(
  i: ChatInputCommandInteraction,
  ctx: DiscordContext,
  op: string,
  input: Record<string, unknown> = {},
) {
  const r = await runOperation(ctx.app.runtime, op, input, { tenant: tenantOf(callerOf(i)) });
  return r.kind === "result" ? r.result : r;
}

async function table(i: ChatInputCommandInteraction, ctx: DiscordContext, title: string, op: string) {
  const text = getOperation(op)!.render!(await read(i, ctx, op));
  await i.editReply(textMessage(title, `\`\`\`\n${text.slice(0, 3900)}\n\`\`\``));
}

/** Logs and events: inline when short, a .txt attachment when long. */
async function textOrFile(
  i: ChatInputCommandInteraction,
  ctx: DiscordContext,
  kind: "logs" | "events",
  id: string,
) {
  const r = (await read(i, ctx, `theta.gpu.deployments.${kind}`, { deploymentId: id })) as { text: string };
  const text = r.text || `No ${kind}.`;
  if (text.length <= INLINE_MAX) {
    await i.editReply(textMessage(`GPU Node ${id} ${kind}`, `\`\`\`\n${text}\n\`\`\``));
    return;
  }
  const lines = text.split("\n").length;
  const file = new AttachmentBuilder(Buffer.from(text, "utf8"), {
    name: `${kind}-${id.replace(/[^A-Za-z0-9_-]/g, "_")}.txt`,
  });
  await i.editReply({
    ...textMessage(
      `GPU Node ${id} ${kind}`,
      `${lines} lines, attached. Last lines:\n\`\`\`\n${text.split("\n").slice(-8).join("\n").slice(-900)}\n\`\`\``,
    ),
    files: [file],
  });
}

async function show(i: ChatInputCommandInteraction, ctx: DiscordContext, id: string) {
  const r = (await read(i, ctx, "theta.gpu.deployments.get", { deploymentId: id })) as {
    deployment?: GpuDeployment;
    notes: string[];
  };
  const d = r.deployment;
  if (!d) throw usageError("gpu_not_found", `No GPU Node ${id}.`);
  const own = await mayConnect(ctx.app.store, callerOf(i), id);
  const lines = [
    `Status: **${d.status}**`,
    d.resourceId ? `Resource: ${d.resourceId}` : undefined,
    d.pricePerHourUsd !== undefined ? `Price: $${d.pricePerHourUsd.toFixed(2)}/h` : undefined,
    own && d.connection.ssh ? `SSH: \`${d.connection.ssh}\`` : undefined,
    own && d.connection.http ? `HTTP: ${d.connection.http}` : undefined,
    !own && (d.connection.ssh || d.connection.http)
      ? "Connection details are shown to the member who started it and to admins."
      : undefined,
    r.notes.length ? `Note: ${r.notes.join("; ")}.` : undefined,
  ];
  await i.editReply(textMessage(`GPU Node ${d.name ?? id}`, lines.filter(Boolean).join("\n")));
}

/** create: checks who may spend, keeps the options for 10 minutes and asks for the SSH key in a modal. */
async function openCreateModal(i: ChatInputCommandInteraction, ctx: DiscordContext) {
  const caller = callerOf(i);
  requireSpender(await getPolicy(ctx.app.store, tenantOf(caller)), caller, ADMIN_LABEL);
  const o = i.options;
  const draft = {
    userId: caller.userId,
    options: {
      deployment_template_id: o.getString("template", true),
      resource_id: o.getString("resource", true),
      container_image: o.getString("image", true),
      ...(o.getString("region") ? { region: o.getString("region")! } : {}),
      ...(o.getString("name") ? { name: o.getString("name")! } : {}),
      ...(o.getNumber("max_price") !== null ? { max_price_per_hour_usd: o.getNumber("max_price")! } : {}),
      ...(o.getInteger("ssh_port") !== null ? { ssh_port: o.getInteger("ssh_port")! } : {}),
      ...(o.getInteger("http_port") !== null ? { http_port: o.getInteger("http_port")! } : {}),
      ...(o.getNumber("hours") !== null ? { hours: o.getNumber("hours")! } : {}),
    },
  };
  await ctx.app.store.set(draftKey(i.id), JSON.stringify(draft), { ttlMs: DRAFT_TTL_MS });
  const modal = new ModalBuilder().setCustomId(`gpu:${i.id}`).setTitle("SSH public key for the GPU Node");
  modal.addComponents(
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder()
        .setCustomId("ssh_key")
        .setLabel("OpenSSH public key (ssh-ed25519 …)")
        .setStyle(TextInputStyle.Paragraph)
        .setRequired(true)
        .setMinLength(16)
        .setMaxLength(4000),
    ),
  );
  await i.showModal(modal);
}

/** The modal's submit: the quote and confirmation, exactly like other paid actions. */
export async function submitGpuCreate(i: ModalSubmitInteraction, ctx: DiscordContext, draftId: string) {
  const caller = callerOf(i);
  const raw = await ctx.app.store.get(draftKey(draftId));
  if (!raw) throw usageError("action_expired", "This GPU Node request expired; run /gpu create again.");
  const draft = JSON.parse(raw) as {
    userId: string;
    options: Omit<GpuCreateOptions, "ssh_public_key" | "hours"> & { hours?: number };
  };
  if (draft.userId !== caller.userId)
    throw usageError("not_requester", "Only the person who asked can finish this.");
  await ctx.app.store.delete(draftKey(draftId));
  checkChannel(i as never);
  const policy = await getPolicy(ctx.app.store, tenantOf(caller));
  const req = gpuCreateRequest(caller, {
    ...draft.options,
    ssh_public_key: i.fields.getTextInputValue("ssh_key").trim(),
    hours: expectedHours(draft.options.hours, policy),
  });
  await showOutcome(i as never, ctx, await ctx.actions.propose(caller, req));
}

async function run(i: ChatInputCommandInteraction, ctx: DiscordContext) {
  const sub = i.options.getSubcommand();
  if (sub === "resources") return table(i, ctx, "GPU resources", "theta.gpu.resources.list");
  if (sub === "templates") return table(i, ctx, "GPU Node templates", "theta.gpu.templates.list");
  if (sub === "list") return table(i, ctx, "GPU Nodes", "theta.gpu.deployments.list");
  const id = i.options.getString("id", true);
  if (sub === "show") return show(i, ctx, id);
  if (sub === "logs" || sub === "events") return textOrFile(i, ctx, sub, id);
  const caller = callerOf(i);
  checkChannel(i);
  if (sub === "start") {
    const policy = await getPolicy(ctx.app.store, tenantOf(caller));
    const req = gpuStartRequest(caller, id, expectedHours(i.options.getNumber("hours") ?? undefined, policy));
    return showOutcome(i, ctx, await ctx.actions.propose(caller, req));
  }
  if (sub === "stop" || sub === "delete") {
    return showOutcome(i, ctx, await ctx.actions.propose(caller, gpuEndRequest(id, sub)));
  }
  throw usageError("UNKNOWN_SUBCOMMAND", `Unknown /gpu ${sub}.`);
}

export const gpu: DiscordCommand = {
  data: gpuDefinition,
  ack: (i) => (i.options.getSubcommand() === "create" ? "modal" : "ephemeral"),
  run: (i, ctx) => (i.options.getSubcommand() === "create" ? openCreateModal(i, ctx) : run(i, ctx)),
  async autocomplete(i: AutocompleteInteraction, ctx: DiscordContext) {
    await i.respond(await gpuChoices(ctx, i));
  },
};
