import type { RespondFn, webApi } from "@slack/bolt";
import type { Caller } from "../../core/chat/caller.js";
import { tenantOf } from "../../core/chat/caller.js";
import {
  expectedHours,
  gpuCreateRequest,
  gpuEndRequest,
  gpuStartRequest,
  mayConnect,
} from "../../core/chat/gpu-requests.js";
import { type UsageBy, usageReport } from "../../core/chat/usage-report.js";
import { usageError } from "../../core/errors.js";
import { getOperation } from "../../core/operations/registry.js";
import { runOperation } from "../../core/operations/runner.js";
import { getPolicy, requireSpender } from "../../core/policy/index.js";
import type { GpuDeployment } from "../../core/theta/gpu-shapes.js";
import { textBlocks } from "./blocks.js";
import { isWorkspaceAdmin, SLACK_ADMIN_LABEL, type SlackContext } from "./context.js";
import { openGpuKeyView } from "./gpu-view.js";
import { showOutcome } from "./outcome.js";
import { intFlag, numFlag, type ParsedText, strFlag } from "./parse.js";
import { uploadFiles } from "./upload-file.js";

export const GPU_HELP = [
  "`gpu resources` · `gpu templates` · `gpu list` · `gpu show|logs|events|start|stop|delete <id>` (start: `--hours 2`)",
  '`gpu create <template> <resource> <image> [--ssh-key "ssh-ed25519 AAAA… you@host"] [--region r] [--name n] [--hours 2] [--max-price 0.40] [--ssh-port 22] [--http-port 8888]` (without --ssh-key a dialog asks for it)',
  "`usage [days] [--by category|member|command]` · `topups [page]` · `pricing`",
].join("\n");

const INLINE_MAX = 2500;

async function read(ctx: SlackContext, caller: Caller, op: string, input: Record<string, unknown> = {}) {
  const r = await runOperation(ctx.app.runtime, op, input, { tenant: tenantOf(caller) });
  return r.kind === "result" ? r.result : r;
}

async function tableReply(
  ctx: SlackContext,
  caller: Caller,
  respond: RespondFn,
  title: string,
  op: string,
  input = {},
) {
  const text = getOperation(op)!.render!(await read(ctx, caller, op, input));
  await respond({ response_type: "ephemeral", ...textBlocks(title, `\`\`\`${text.slice(0, 2800)}\`\`\``) });
}

/** `/theta gpu …`: reads answer privately; create/start/stop/delete go through the confirmed action flow. */
export async function gpuCommand(
  ctx: SlackContext,
  client: webApi.WebClient,
  caller: Caller,
  p: ParsedText,
  respond: RespondFn,
  triggerId: string,
): Promise<void> {
  const [, sub, a, b, c] = p.words;
  const reply = (m: { text: string; blocks: unknown[]; replace_original?: boolean }) =>
    respond({ response_type: "ephemeral", ...(m as { text: string }) }).then(() => {});
  if (sub === "resources")
    return tableReply(ctx, caller, respond, "GPU resources", "theta.gpu.resources.list");
  if (sub === "templates")
    return tableReply(ctx, caller, respond, "GPU Node templates", "theta.gpu.templates.list");
  if (sub === "list") return tableReply(ctx, caller, respond, "GPU Nodes", "theta.gpu.deployments.list");
  const policy = await getPolicy(ctx.app.store, tenantOf(caller));
  if (sub === "create") {
    const key = p.flags["ssh-key"] === undefined ? undefined : strFlag(p, "ssh-key");
    if (!a || !b || !c) throw usageError("INVALID_INPUT", `Usage:\n${GPU_HELP.split("\n")[1]}`);
    caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
    requireSpender(policy, caller, SLACK_ADMIN_LABEL);
    const hours = p.flags.hours === undefined ? undefined : numFlag(p, "hours");
    const options = {
      deployment_template_id: a,
      resource_id: b,
      container_image: c,
      ...(strFlag(p, "region") ? { region: strFlag(p, "region") } : {}),
      ...(strFlag(p, "name") ? { name: strFlag(p, "name") } : {}),
      ...(p.flags["max-price"] !== undefined ? { max_price_per_hour_usd: numFlag(p, "max-price") } : {}),
      ...(p.flags["ssh-port"] !== undefined ? { ssh_port: intFlag(p, "ssh-port", 1, 65535) } : {}),
      ...(p.flags["http-port"] !== undefined ? { http_port: intFlag(p, "http-port", 0, 65535) } : {}),
      ...(hours !== undefined ? { hours } : {}),
    };
    // Without --ssh-key the key is asked for in a dialog (kept out of the channel's command history).
    if (!key) return openGpuKeyView(ctx, client, triggerId, caller, options);
    const req = gpuCreateRequest(caller, {
      ...options,
      ssh_public_key: key,
      hours: expectedHours(hours, policy),
    });
    return showOutcome(ctx, client, caller, reply, await ctx.actions.propose(caller, req));
  }
  if (!a) throw usageError("INVALID_INPUT", `Usage: /theta gpu ${sub ?? "show"} <id>\n${GPU_HELP}`);
  if (sub === "show") {
    const r = (await read(ctx, caller, "theta.gpu.deployments.get", { deploymentId: a })) as {
      deployment?: GpuDeployment;
    };
    const d = r.deployment;
    if (!d) throw usageError("gpu_not_found", `No GPU Node ${a}.`);
    caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
    const own = await mayConnect(ctx.app.store, caller, a);
    const lines = [
      `Status: *${d.status}*`,
      d.pricePerHourUsd !== undefined ? `Price: $${d.pricePerHourUsd.toFixed(2)}/h` : undefined,
      own && d.connection.ssh ? `SSH: \`${d.connection.ssh}\`` : undefined,
      own && d.connection.http ? `HTTP: ${d.connection.http}` : undefined,
      !own && d.connection.ssh
        ? "Connection details are shown to the member who started it and to admins."
        : undefined,
    ];
    return reply(textBlocks(`GPU Node ${d.name ?? a}`, lines.filter(Boolean).join("\n")));
  }
  if (sub === "logs" || sub === "events") {
    const r = (await read(ctx, caller, `theta.gpu.deployments.${sub}`, { deploymentId: a })) as {
      text: string;
    };
    const text = r.text || `No ${sub}.`;
    if (text.length <= INLINE_MAX) return reply(textBlocks(`GPU Node ${a} ${sub}`, `\`\`\`${text}\`\`\``));
    await uploadFiles(
      client,
      caller.channelId,
      [
        {
          filename: `${sub}-${a.replace(/[^A-Za-z0-9_-]/g, "_")}.txt`,
          bytes: Buffer.from(text, "utf8"),
          contentType: "text/plain",
        },
      ],
      `<@${caller.userId}> ${sub} of GPU Node ${a} (${text.split("\n").length} lines)`,
    );
    return reply(textBlocks(`GPU Node ${a} ${sub}`, "Long output: attached as a file in the channel."));
  }
  caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
  if (sub === "start") {
    const hours = p.flags.hours === undefined ? undefined : numFlag(p, "hours");
    const req = gpuStartRequest(caller, a, expectedHours(hours, policy));
    return showOutcome(ctx, client, caller, reply, await ctx.actions.propose(caller, req));
  }
  if (sub === "stop" || sub === "delete") {
    return showOutcome(ctx, client, caller, reply, await ctx.actions.propose(caller, gpuEndRequest(a, sub)));
  }
  throw usageError("UNKNOWN_SUBCOMMAND", `Unknown /theta gpu ${sub ?? ""}.\n${GPU_HELP}`);
}

/** `/theta usage [days] [--by …]` (chart + CSV into the channel), `/theta topups [page]`, `/theta pricing`. */
export async function billingCommand(
  ctx: SlackContext,
  client: webApi.WebClient,
  caller: Caller,
  p: ParsedText,
  respond: RespondFn,
): Promise<void> {
  const [sub, arg] = p.words;
  if (sub === "topups")
    return tableReply(ctx, caller, respond, "Top-ups", "theta.billing.topUps", {
      page: arg ? Number(arg) : 1,
    });
  if (sub === "pricing") return tableReply(ctx, caller, respond, "Theta pricing", "theta.billing.pricing");
  const days = arg === undefined ? 30 : Number(arg);
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw usageError("INVALID_INPUT", "usage takes a number of days from 1 to 366.");
  const by = (strFlag(p, "by") ?? "category") as UsageBy;
  if (!["category", "member", "command"].includes(by))
    throw usageError("INVALID_INPUT", "--by takes category, member or command.");
  const tenant = tenantOf(caller);
  const entries = await ctx.app.jobs.ledger.list({ limit: 5000, tenantId: tenant.id });
  const r = await usageReport(ctx.app.runtime, tenant, { days, by, entries, nameOf: (u) => u });
  const stem = `theta-usage-${r.summary.startDate}-${r.summary.endDate}`;
  await uploadFiles(
    client,
    caller.channelId,
    [
      { filename: `${stem}.png`, bytes: r.png, contentType: "image/png" },
      { filename: `${stem}.csv`, bytes: Buffer.from(r.csv, "utf8"), contentType: "text/csv" },
    ],
    r.text,
  );
  await respond({
    response_type: "ephemeral",
    ...textBlocks("Theta usage", `${r.text}\nChart and CSV posted in the channel.`),
  });
}
