// @ts-nocheck
import { type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { credentialStatusLines, THETA_READS } from "../../../core/chat/theta-reads.js";
import { usageError } from "../../../core/errors.js";
import { runOperation } from "../../../core/operations/runner.js";
import { getPolicy, requireAdmin, updatePolicy } from "../../../core/policy/index.js";
import { type KbReply, kbAdd, kbList, kbRemove } from "../../../core/qa/kb-admin.js";
import { MAX_DOC_BYTES } from "../../../core/qa/knowledge-base.js";
import type { CredentialFamily } from "../../../core/theta/credentials.js";
import { fetchMediaBuffer } from "../../../jobs/media.js";
import { ATTACHMENT_HOSTS } from "../../../jobs/processors/inputs.js";
import { ADMIN_LABEL, callerOf } from "../caller.js";
import type { DiscordCommand, DiscordContext } from "../context.js";
import { textMessage } from "../render.js";
import { thetaDefinition } from "./theta-definition.js";
import { deploymentCommand, endpointCommand, jobsCommand, videoCommand } from "./theta-manage.js";
import { showOperation, summarize } from "./theta-read.js";
import { openSetupModal } from "./theta-setup.js";

type Sub = (i: ChatInputCommandInteraction, ctx: DiscordContext) => Promise<void>;

async function gpus(i: ChatInputCommandInteraction, ctx: DiscordContext) {
  await showOperation(i, ctx, "GPU machine types", "theta.deployments.listVm");
  await i.followUp({
    ...(await followRead(i, ctx, "GPU nodes", "theta.ai.gpuNode.list")),
    flags: MessageFlags.Ephemeral,
  });
  await i.followUp({
    ...(await followRead(i, ctx, "GPU clusters", "theta.ai.gpuCluster.list")),
    flags: MessageFlags.Ephemeral,
  });
}

async function followRead(i: ChatInputCommandInteraction, ctx: DiscordContext, title: string, op: string) {
  try {
    const r = await runOperation(ctx.app.runtime, op, {}, { tenant: tenantOf(callerOf(i)) });
    return textMessage(title, summarize(r.kind === "result" ? r.result : r));
  } catch (err) {
    return textMessage(title, err instanceof Error ? err.message : "failed", "error");
  }
}

async function credentials(i: ChatInputCommandInteraction, ctx: DiscordContext, sub: string) {
  const caller = callerOf(i);
  const tenant = tenantOf(caller);
  if (sub === "clear") {
    requireAdmin(caller, ADMIN_LABEL, "remove this server's credentials");
    const fam = i.options.getString("family") as CredentialFamily | null;
    const removed = await ctx.credentials.clear(tenant, fam ?? undefined);
    await i.editReply(
      textMessage(
        "Credentials removed",
        removed.length ? `Removed: ${removed.join(", ")}.` : "Nothing was stored.",
      ),
    );
    return;
  }
  const lines = await credentialStatusLines(ctx.app.runtime, tenant, "server");
  await i.editReply(textMessage("Credentials", lines.join("\n").replace(/\*/g, "**")));
}

async function policy(i: ChatInputCommandInteraction, ctx: DiscordContext) {
  const caller = callerOf(i);
  const tenant = tenantOf(caller);
  const o = i.options;
  const patch: Record<string, unknown> = {};
  const cap = (v: number | null) => (v === null ? undefined : v === 0 ? null : v);
  if (o.getNumber("confirm_threshold") !== null) patch.confirmThresholdUsd = o.getNumber("confirm_threshold");
  if (o.getNumber("server_daily_cap") !== null)
    patch.tenantDailyCapUsd = cap(o.getNumber("server_daily_cap"));
  if (o.getNumber("user_daily_cap") !== null) patch.userDailyCapUsd = cap(o.getNumber("user_daily_cap"));
  if (o.getInteger("max_jobs") !== null) patch.maxConcurrentJobsPerUser = o.getInteger("max_jobs");
  if (o.getRole("spender_role")) patch.spenderRoleIds = [o.getRole("spender_role")!.id];
  if (o.getBoolean("questions") !== null) patch.qaEnabled = o.getBoolean("questions");
  if (o.getChannel("support_channel")) patch.supportChannelId = o.getChannel("support_channel")!.id;
  if (o.getNumber("qa_daily_cap") !== null) patch.qaDailyCapUsd = cap(o.getNumber("qa_daily_cap"));
  let p = await getPolicy(ctx.app.store, tenant);
  if (Object.keys(patch).length) {
    requireAdmin(caller, ADMIN_LABEL, "change this server's spending policy");
    p = await updatePolicy(ctx.app.store, tenant, patch as never);
  }
  const usd = (v: number | undefined) => (v === undefined ? "none" : `$${v.toFixed(2)}`);
  await i.editReply(
    textMessage(
      "Spending policy",
      [
        `Ask before paid actions above: ${usd(p.confirmThresholdUsd)} (unknown prices always ask)`,
        `Server daily cap: ${usd(p.tenantDailyCapUsd)} · Per-member daily cap: ${usd(p.userDailyCapUsd)}`,
        `Jobs at once per member: ${p.maxConcurrentJobsPerUser}`,
        `Who may spend: ${p.spenderRoleIds.length ? p.spenderRoleIds.map((r) => `<@&${r}>`).join(", ") : "everyone"} (admins always)`,
        `/ask: ${p.qaEnabled ? "on" : "off"} · daily cap ${usd(p.qaDailyCapUsd)}${p.supportChannelId ? ` · support channel <#${p.supportChannelId}>` : ""}`,
      ].join("\n"),
    ),
  );
}

async function kbCommand(i: ChatInputCommandInteraction, ctx: DiscordContext, sub: string) {
  const caller = callerOf(i);
  const kb = ctx.app.qa.kb;
  let r: KbReply;
  if (sub === "add") {
    const file = i.options.getAttachment("file", true);
    // Checked before downloading: only admins add, and only files the index can read.
    requireAdmin(caller, ADMIN_LABEL, "add documents to this server's knowledge base");
    if (file.size > MAX_DOC_BYTES) {
      throw usageError(
        "kb_file_too_large",
        `${file.name} is ${Math.ceil(file.size / 1024)} KiB; documents can be at most ${MAX_DOC_BYTES / 1024} KiB.`,
      );
    }
    const { bytes } = await fetchMediaBuffer(file.url, {
      outputHosts: [...ctx.app.config.outputHosts, ...ATTACHMENT_HOSTS],
      maxBytes: MAX_DOC_BYTES,
    });
    r = await kbAdd(kb, caller, { filename: file.name, bytes });
  } else if (sub === "remove") {
    r = await kbRemove(kb, caller, i.options.getString("name", true));
  } else {
    r = await kbList(kb, caller);
  }
  await i.editReply(textMessage(r.title, r.text, sub === "list" ? "info" : "ok"));
}

const SUBS: Record<string, Sub> = {
  gpus,
  policy,
};

export const theta: DiscordCommand = {
  data: thetaDefinition,
  ack: (i) => (i.options.getSubcommand() === "setup" ? "modal" : "ephemeral"),
  async run(i, ctx) {
    const group = i.options.getSubcommandGroup(false);
    const sub = i.options.getSubcommand();
    if (group === "credentials") return credentials(i, ctx, sub);
    if (group === "kb") return kbCommand(i, ctx, sub);
    if (group === "jobs") return jobsCommand(i, ctx, sub);
    if (group === "deployments") return deploymentCommand(i, ctx, sub);
    if (group === "video") return videoCommand(i, ctx, sub);
    if (group === "endpoint") return endpointCommand(i, ctx, sub);
    if (sub === "setup") return openSetupModal(i, ctx);
    const read = THETA_READS[sub];
    if (read)
      return showOperation(
        i,
        ctx,
        read.title,
        read.operation,
        read.input(i.options.getString("category") ?? undefined),
      );
    const handler = SUBS[sub];
    if (!handler) throw usageError("UNKNOWN_SUBCOMMAND", `Unknown /theta ${sub}.`);
    return handler(i, ctx);
  },
};
