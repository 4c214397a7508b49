// @ts-nocheck
import type { ChatInputCommandInteraction } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { usageError } from "../../../core/errors.js";
import { runOperation } from "../../../core/operations/runner.js";
import { requireAdmin } from "../../../core/policy/index.js";
import { ADMIN_LABEL, callerOf } from "../caller.js";
import type { DiscordContext } from "../context.js";
import { runPaid, showOutcome } from "../paid.js";
import { textMessage } from "../render.js";
import { showOperation, summarize } from "./theta-read.js";

export async function jobsCommand(i: ChatInputCommandInteraction, ctx: DiscordContext, sub: string) {
  const caller = callerOf(i);
  if (sub === "list") {
    const entries = await ctx.app.jobs.ledger.list({ limit: 15, tenantId: caller.tenantId });
    const lines = entries
      .filter((e) => e.origin.platform === "discord")
      .map(
        (e) =>
          `\`${e.id}\` ${e.outcome ?? e.state} · ${e.title} · <@${e.origin.userId}> · <t:${Math.floor(e.createdAt / 1000)}:R>`,
      );
    await i.editReply(textMessage("Recent jobs", lines.join("\n") || "No jobs yet."));
    return;
  }
  const id = i.options.getString("id", true);
  const e = await ctx.app.jobs.ledger.get(id);
  if (e?.origin.platform !== "discord" || e.origin.tenantId !== caller.tenantId)
    throw usageError("job_not_found", `No job ${id} on this server.`);
  if (sub === "show") {
    const lines = [
      `State: **${e.outcome ?? e.state}**`,
      `Started by <@${e.origin.userId}> <t:${Math.floor(e.createdAt / 1000)}:R>`,
      e.upstreamId ? `Theta id: \`${e.upstreamId}\`` : undefined,
      e.error ? `Error: ${e.error.message}` : undefined,
      ...(e.outputUrls ?? []).map((u) => `[Output](${u})`),
    ].filter(Boolean);
    await i.editReply(textMessage(e.title, lines.join("\n")));
    return;
  }
  const r = await ctx.app.jobs.cancel(id, caller.userId, ctx.app.deps);
  await i.editReply(textMessage("Cancel", r.message, "warn"));
}

export async function deploymentCommand(i: ChatInputCommandInteraction, ctx: DiscordContext, sub: string) {
  const caller = callerOf(i);
  const tenant = tenantOf(caller);
  if (sub === "list") return showOperation(i, ctx, "Deployments", "theta.deployments.list");
  if (sub === "create") {
    const input = {
      deployment_template_id: i.options.getString("template", true),
      vm_id: i.options.getString("machine", true),
      min_replicas: i.options.getInteger("replicas") ?? 1,
      max_replicas: i.options.getInteger("replicas") ?? 1,
      ...(i.options.getString("image") ? { container_image: i.options.getString("image") } : {}),
    };
    return runPaid(i, ctx, {
      title: `Create deployment ${input.deployment_template_id} on ${input.vm_id}`,
      details: [
        { name: "Template", value: input.deployment_template_id },
        { name: "Machine", value: input.vm_id },
        { name: "Replicas", value: String(input.min_replicas) },
      ],
      operation: "theta.deployments.create",
      input,
    });
  }
  const target = { shard: i.options.getInteger("shard", true), suffix: i.options.getString("suffix", true) };
  if (sub === "start") {
    return runPaid(i, ctx, {
      title: `Start deployment ${target.shard}/${target.suffix}`,
      details: [{ name: "Deployment", value: `${target.shard}/${target.suffix}` }],
      operation: "theta.deployments.start",
      input: target,
    });
  }
  requireAdmin(caller, ADMIN_LABEL, `${sub} deployments`);
  const op = sub === "stop" ? "theta.deployments.stop" : "theta.deployments.delete";
  const r = await runOperation(ctx.app.runtime, op, target, { tenant });
  const text =
    r.kind === "dryRun"
      ? "Dry run: nothing was sent."
      : sub === "stop"
        ? "Stopped; hourly billing stops."
        : "Deleted.";
  await i.editReply(textMessage(`Deployment ${target.shard}/${target.suffix}`, text, "ok"));
}

export async function videoCommand(i: ChatInputCommandInteraction, ctx: DiscordContext, sub: string) {
  if (sub === "list") return showOperation(i, ctx, "Videos", "theta.video.list");
  if (sub === "get")
    return showOperation(i, ctx, "Video", "theta.video.videoGet", {
      videoId: i.options.getString("id", true),
    });
  if (sub === "streams") return showOperation(i, ctx, "Livestreams", "theta.video.streamList");
  if (sub === "ingestors") return showOperation(i, ctx, "Ingestors", "theta.video.ingestor.list");
  const file = i.options.getAttachment("file", true);
  return runPaid(i, ctx, {
    title: `Transcode ${file.name}`,
    details: [
      { name: "File", value: file.name },
      { name: "Size", value: `${(file.size / 1e6).toFixed(1)} MB` },
    ],
    operation: "theta.video.videoCreate",
    input: { source_uri: file.url },
    job: { kind: "video", service: "theta-video", data: { source: { url: file.url }, fileName: file.name } },
  });
}

export async function endpointCommand(i: ChatInputCommandInteraction, ctx: DiscordContext, sub: string) {
  const caller = callerOf(i);
  if (sub === "models") return showOperation(i, ctx, "Endpoint models", "theta.inference.models");
  if (sub === "chat") {
    const r = await runOperation(
      ctx.app.runtime,
      "theta.inference.chat",
      { messages: [{ role: "user", content: i.options.getString("message", true) }] },
      { tenant: tenantOf(caller) },
    );
    const text = r.kind === "result" ? String((r.result as { text?: string }).text ?? "") : summarize(r);
    await i.editReply(textMessage("Endpoint", text.slice(0, 4000)));
    return;
  }
  // ready: a readiness job (free; it probes with this server's endpoint credentials).
  await ctx.app.runtime.credentials.resolve(tenantOf(caller), "inference");
  const jobId = `ready-${i.id}`;
  const r = await ctx.app.jobs.submit({
    id: jobId,
    kind: "readiness",
    title: "Endpoint readiness",
    origin: {
      platform: "discord",
      tenantId: caller.tenantId,
      userId: caller.userId,
      channelId: caller.channelId,
    },
    data: { probe: "openai" },
  });
  await showOutcome(i, ctx, {
    kind: "started",
    jobId,
    quote: undefined,
    created: r.created,
    title: "Endpoint readiness",
  });
}
