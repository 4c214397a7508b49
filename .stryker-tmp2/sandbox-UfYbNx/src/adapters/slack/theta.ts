// @ts-nocheck
import type { RespondFn, SlashCommand, webApi } from "@slack/bolt";
import { tenantOf } from "../../core/chat/caller.js";
import { credentialStatusLines, THETA_READS } from "../../core/chat/theta-reads.js";
import { usageError } from "../../core/errors.js";
import { getOperation } from "../../core/operations/registry.js";
import { runOperation } from "../../core/operations/runner.js";
import { getPolicy, requireAdmin, updatePolicy } from "../../core/policy/index.js";
import { summarize } from "../../core/present/summarize.js";
import type { CredentialFamily } from "../../core/theta/credentials.js";
import { textBlocks } from "./blocks.js";
import { callerOf, isWorkspaceAdmin, SLACK_ADMIN_LABEL, type SlackContext } from "./context.js";
import { numFlag, type ParsedText, parseText } from "./parse.js";
import { openSetupView } from "./setup.js";
import { KB_HELP, kbCommand } from "./theta-kb.js";
import { manageCommand } from "./theta-manage.js";

const READ: Record<
  string,
  { title: string; operation: string; input: (arg?: string) => Record<string, unknown> }
> = {
  ...THETA_READS,
  gpus: { title: "GPU machine types", operation: "theta.deployments.listVm", input: () => ({}) },
  deployments: { title: "Deployments", operation: "theta.deployments.list", input: () => ({}) },
};

export const THETA_HELP = [
  "*/theta* subcommands:",
  "`balance` · `capabilities` · `health` · `services [image|video|audio|text|vision]` · `templates` · `gpus` · `storage` · `notebooks` · `agents` · `deployments`",
  "`setup <controller|billing|ondemand|inference|video>` (admins) · `credentials status|clear [family]`",
  "`jobs list|show <id>|cancel <id>` · `policy [--confirm-threshold 0.05] [--server-cap 5] [--user-cap 1] [--max-jobs 3] [--questions on|off] [--qa-cap 1] [--support-channel #help]` (admins change it)",
  KB_HELP,
  "`deployments create <img_…> <vm_…> [--replicas 1]` · `deployments start|stop|delete <shard> <suffix>` · `endpoint models|chat <message>|ready` · `video list|get <id>|streams|ingestors`",
].join("\n");

function onOff(p: ParsedText, name: string): boolean {
  const v = String(p.flags[name]).toLowerCase();
  if (v === "on" || v === "true" || v === "yes") return true;
  if (v === "off" || v === "false" || v === "no") return false;
  throw usageError("INVALID_INPUT", `--${name} takes on or off.`);
}

/** `#help` autocompleted by Slack arrives as <#C123|help>; a bare channel id works too; "none" clears. */
function channelFlag(p: ParsedText, name: string): string | null {
  const v = String(p.flags[name]);
  if (v === "none") return null;
  const id = /^<#([A-Z0-9]+)(\|[^>]*)?>$/.exec(v)?.[1] ?? (/^[CG][A-Z0-9]{2,}$/.test(v) ? v : undefined);
  if (!id) throw usageError("INVALID_INPUT", `--${name} takes a channel, like #help (or none to clear it).`);
  return id;
}

export async function thetaCommand(
  ctx: SlackContext,
  client: webApi.WebClient,
  command: SlashCommand,
  respond: RespondFn,
): Promise<void> {
  const p = parseText(command.text);
  const [sub, ...args] = p.words;
  const caller = callerOf({
    teamId: command.team_id,
    enterpriseId: command.enterprise_id,
    userId: command.user_id,
    channelId: command.channel_id,
  });
  const tenant = tenantOf(caller);
  const say = (title: string, text: string) =>
    respond({ response_type: "ephemeral", ...textBlocks(title, text) });
  if (!sub || p.help) return void (await respond({ response_type: "ephemeral", text: THETA_HELP }));
  if (args.length && (await manageCommand(ctx, client, caller, p, respond))) return;
  const read = READ[sub];
  if (read) {
    const r = await runOperation(ctx.app.runtime, read.operation, read.input(args[0]), { tenant });
    const result = r.kind === "result" ? r.result : r;
    const op = getOperation(read.operation);
    return void (await say(read.title, op?.render ? op.render(result) : summarize(result)));
  }
  if (sub === "setup") {
    caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
    requireAdmin(caller, SLACK_ADMIN_LABEL, "set this workspace's Theta credentials");
    return openSetupView(ctx, client, command.trigger_id, args[0] ?? "");
  }
  if (sub === "kb") {
    const r = await kbCommand(ctx, client, caller, args);
    return void (await say(r.title, r.text));
  }
  if (sub === "credentials") {
    if (args[0] === "clear") {
      caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
      requireAdmin(caller, SLACK_ADMIN_LABEL, "remove this workspace's credentials");
      const removed = await ctx.app.tenantCredentials.clear(
        tenant,
        (args[1] as CredentialFamily | undefined) ?? undefined,
      );
      return void (await say(
        "Credentials removed",
        removed.length ? removed.join(", ") : "Nothing was stored.",
      ));
    }
    const lines = await credentialStatusLines(ctx.app.runtime, tenant, "workspace");
    return void (await say("Credentials", lines.join("\n")));
  }
  if (sub === "jobs") {
    if (!args[0] || args[0] === "list") {
      const entries = (await ctx.app.jobs.ledger.list({ limit: 15, tenantId: caller.tenantId })).filter(
        (e) => e.origin.platform === "slack",
      );
      return void (await say(
        "Recent jobs",
        entries
          .map((e) => `\`${e.id}\` ${e.outcome ?? e.state} · ${e.title} · <@${e.origin.userId}>`)
          .join("\n") || "No jobs yet.",
      ));
    }
    const e = args[1] ? await ctx.app.jobs.ledger.get(args[1]) : null;
    if (e?.origin.platform !== "slack" || e.origin.tenantId !== caller.tenantId)
      throw usageError("job_not_found", `No job ${args[1] ?? ""} in this workspace.`);
    if (args[0] === "show")
      return void (await say(
        e.title,
        `State: *${e.outcome ?? e.state}*${e.error ? `\n${e.error.message}` : ""}`,
      ));
    const r = await ctx.app.jobs.cancel(e.id, caller.userId, ctx.app.deps);
    return void (await say("Cancel", r.message));
  }
  if (sub === "policy") {
    const patch: Record<string, unknown> = {};
    const cap = (v: number | undefined) => (v === undefined ? undefined : v === 0 ? null : v);
    if (p.flags["confirm-threshold"] !== undefined)
      patch.confirmThresholdUsd = numFlag(p, "confirm-threshold");
    if (p.flags["server-cap"] !== undefined) patch.tenantDailyCapUsd = cap(numFlag(p, "server-cap"));
    if (p.flags["user-cap"] !== undefined) patch.userDailyCapUsd = cap(numFlag(p, "user-cap"));
    if (p.flags["max-jobs"] !== undefined) patch.maxConcurrentJobsPerUser = numFlag(p, "max-jobs");
    if (p.flags["qa-cap"] !== undefined) patch.qaDailyCapUsd = cap(numFlag(p, "qa-cap"));
    if (p.flags.questions !== undefined) patch.qaEnabled = onOff(p, "questions");
    if (p.flags["support-channel"] !== undefined) patch.supportChannelId = channelFlag(p, "support-channel");
    let pol = await getPolicy(ctx.app.store, tenant);
    if (Object.keys(patch).length) {
      caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
      requireAdmin(caller, SLACK_ADMIN_LABEL, "change this workspace's spending policy");
      pol = await updatePolicy(ctx.app.store, tenant, patch as never);
    }
    const usd = (v: number | undefined) => (v === undefined ? "none" : `$${v.toFixed(2)}`);
    return void (await say(
      "Spending policy",
      `Ask before paid actions above: ${usd(pol.confirmThresholdUsd)}\nWorkspace daily cap: ${usd(pol.tenantDailyCapUsd)} · Per-member: ${usd(pol.userDailyCapUsd)}\nJobs at once per member: ${pol.maxConcurrentJobsPerUser}\n/ask: ${pol.qaEnabled ? "on" : "off"} · daily cap ${usd(pol.qaDailyCapUsd)}${pol.supportChannelId ? ` · support channel <#${pol.supportChannelId}>` : " · no support channel"}`,
    ));
  }
  throw usageError("UNKNOWN_SUBCOMMAND", `Unknown /theta ${sub}. Try /theta help.`);
}
