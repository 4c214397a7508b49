// @ts-nocheck
import type { RespondFn, webApi } from "@slack/bolt";
import type { Caller } from "../../core/chat/caller.js";
import { tenantOf } from "../../core/chat/caller.js";
import { usageError } from "../../core/errors.js";
import { runOperation } from "../../core/operations/runner.js";
import { requireAdmin } from "../../core/policy/index.js";
import { summarize } from "../../core/present/summarize.js";
import { textBlocks } from "./blocks.js";
import { isWorkspaceAdmin, SLACK_ADMIN_LABEL, type SlackContext } from "./context.js";
import { showOutcome } from "./outcome.js";
import { intFlag, type ParsedText } from "./parse.js";

const VIDEO_READS: Record<string, [string, string]> = {
  list: ["Videos", "theta.video.list"],
  streams: ["Livestreams", "theta.video.streamList"],
  ingestors: ["Ingestors", "theta.video.ingestor.list"],
};

/** `/theta deployments create|start|stop|delete …`, `/theta endpoint models|chat|ready`, `/theta video …`. */
export async function manageCommand(
  ctx: SlackContext,
  client: webApi.WebClient,
  caller: Caller,
  p: ParsedText,
  respond: RespondFn,
): Promise<boolean> {
  const [group, sub, a, b] = p.words;
  const tenant = tenantOf(caller);
  const reply = (m: { text: string; blocks: unknown[]; replace_original?: boolean }) =>
    respond({ response_type: "ephemeral", ...(m as { text: string }) }).then(() => {});
  const run = async (title: string, op: string, input: Record<string, unknown>) => {
    const r = await runOperation(ctx.app.runtime, op, input, { tenant });
    await reply(textBlocks(title, r.kind === "result" ? summarize(r.result) : "Dry run: nothing was sent."));
  };
  if (group === "deployments" && sub) {
    if (sub === "create") {
      if (!a || !b)
        throw usageError(
          "INVALID_INPUT",
          "Usage: /theta deployments create <img_template> <vm_machine> [--replicas 1]",
        );
      const replicas = intFlag(p, "replicas", 1, 8) ?? 1;
      const input = { deployment_template_id: a, vm_id: b, min_replicas: replicas, max_replicas: replicas };
      const outcome = await ctx.actions.propose(caller, {
        title: `Create deployment ${a} on ${b}`,
        details: [
          { name: "Template", value: a },
          { name: "Machine", value: b },
          { name: "Replicas", value: String(replicas) },
        ],
        operation: "theta.deployments.create",
        input,
      });
      await showOutcome(ctx, client, caller, reply, outcome);
      return true;
    }
    if (!a || !b || !/^\d+$/.test(a))
      throw usageError("INVALID_INPUT", `Usage: /theta deployments ${sub} <shard> <suffix>`);
    const target = { shard: Number(a), suffix: b };
    if (sub === "start") {
      const outcome = await ctx.actions.propose(caller, {
        title: `Start deployment ${a}/${b}`,
        details: [{ name: "Deployment", value: `${a}/${b}` }],
        operation: "theta.deployments.start",
        input: target,
      });
      await showOutcome(ctx, client, caller, reply, outcome);
      return true;
    }
    if (sub === "stop" || sub === "delete") {
      caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
      requireAdmin(caller, SLACK_ADMIN_LABEL, `${sub} deployments`);
      await runOperation(ctx.app.runtime, `theta.deployments.${sub}`, target, { tenant });
      await reply(
        textBlocks(`Deployment ${a}/${b}`, sub === "stop" ? "Stopped; hourly billing stops." : "Deleted."),
      );
      return true;
    }
  }
  if (group === "endpoint") {
    if (sub === "models") return run("Endpoint models", "theta.inference.models", {}).then(() => true);
    if (sub === "chat") {
      const message = p.words.slice(2).join(" ");
      if (!message) throw usageError("INVALID_INPUT", "Usage: /theta endpoint chat <message>");
      const r = await runOperation(
        ctx.app.runtime,
        "theta.inference.chat",
        { messages: [{ role: "user", content: message }] },
        { tenant },
      );
      await reply(
        textBlocks(
          "Endpoint",
          r.kind === "result" ? String((r.result as { text?: string }).text ?? "") : "Dry run.",
        ),
      );
      return true;
    }
    if (sub === "ready") {
      await ctx.app.runtime.credentials.resolve(tenant, "inference");
      const jobId = `ready-${Date.now().toString(36)}-${caller.userId}`;
      const r = await ctx.app.jobs.submit({
        id: jobId,
        kind: "readiness",
        title: "Endpoint readiness",
        origin: {
          platform: "slack",
          tenantId: caller.tenantId,
          userId: caller.userId,
          channelId: caller.channelId,
        },
        data: { probe: "openai" },
      });
      await showOutcome(ctx, client, caller, reply, {
        kind: "started",
        jobId,
        quote: undefined,
        created: r.created,
        title: "Endpoint readiness",
      });
      return true;
    }
  }
  if (group === "video" && sub) {
    if (sub === "get" && a) return run("Video", "theta.video.videoGet", { videoId: a }).then(() => true);
    const read = VIDEO_READS[sub];
    if (read) return run(read[0], read[1], {}).then(() => true);
  }
  return false;
}
