import type { App as BoltApp, RespondFn } from "@slack/bolt";
import { claimInbound } from "../../core/chat/inbound.js";
import { imagineRequest, videoRequest } from "../../core/chat/requests.js";
import { isBotError } from "../../core/errors.js";
import { errorCard } from "../../core/present/error-card.js";
import { errorBlocks, type SlackMessage, textBlocks } from "./blocks.js";
import { callerOf, isWorkspaceAdmin, type SlackContext } from "./context.js";
import { registerGpuView } from "./gpu-view.js";
import { showOutcome } from "./outcome.js";
import { intFlag, parseText, strFlag } from "./parse.js";
import { registerQa } from "./qa.js";
import { thetaCommand } from "./theta.js";

export const USAGE: Record<string, string> = {
  imagine: '`/imagine <prompt> [--model flux] [--size 1024x1024] [--steps 4] [--seed 7] [--negative "…"]`',
  video: '`/video <prompt> [--frames 50] [--fps 25] [--seed 7] [--negative "…"]`',
  ask: "`/ask <question> [--private]` — answers from the docs in a thread; or mention the bot in a channel or thread",
};

export function privately(respond: RespondFn) {
  return async (m: SlackMessage & { replace_original?: boolean }) => {
    await respond({ response_type: "ephemeral", ...m });
  };
}

/**
 * Runs a handler after ack; every error becomes a private Block Kit message the user can act on.
 * `isAdmin` is asked only when the error carries a hint meant for admins.
 */
export async function guarded(
  ctx: SlackContext,
  respond: RespondFn,
  fn: () => Promise<unknown>,
  isAdmin?: () => Promise<boolean>,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const viewer = { isAdmin: await adminHintViewer(err, isAdmin) };
    await respond({
      response_type: "ephemeral",
      ...errorBlocks(errorCard(err, ctx.app.logger, viewer)),
    }).catch(() => {});
  }
}

/**
 * One acked slash command: de-duplicated by trigger id, then run `guarded`. When the store cannot
 * record it (down, or slow past the ack window) the command is not run and the user is told so.
 */
export async function intake(
  ctx: SlackContext,
  triggerId: string,
  respond: RespondFn,
  fn: () => Promise<unknown>,
  isAdmin?: () => Promise<boolean>,
): Promise<void> {
  try {
    if (!(await claimInbound(ctx.app.store, `slack:${triggerId}`))) return;
  } catch (err) {
    ctx.app.logger.warn({ err }, "slack command not recorded (store unavailable); told the user");
    await respond({ response_type: "ephemeral", ...errorBlocks(errorCard(err, ctx.app.logger)) }).catch(
      (e: unknown) => ctx.app.logger.warn({ err: e }, "could not tell the user the store is unavailable"),
    );
    return;
  }
  await guarded(ctx, respond, fn, isAdmin);
}

async function adminHintViewer(
  err: unknown,
  isAdmin: (() => Promise<boolean>) | undefined,
): Promise<boolean> {
  if (!isAdmin || !isBotError(err) || typeof err.details?.operatorHint !== "string") return false;
  return isAdmin().catch(() => false);
}

/** Registers /imagine, /video, /ask and /theta on the Bolt app. Every handler acks first. */
export function registerCommands(bolt: BoltApp, ctx: SlackContext): void {
  /** Options of the prompt commands: the em-dash form counts only for these (a prompt is text). */
  const PROMPT_OPTIONS = {
    imagine: ["model", "size", "steps", "seed", "negative", "help"],
    video: ["frames", "fps", "seed", "negative", "help"],
  } as const;
  for (const name of ["imagine", "video"] as const) {
    bolt.command(`/${name}`, async ({ command, ack, respond, client }) => {
      await ack();
      await intake(
        ctx,
        command.trigger_id,
        respond,
        async () => {
          const p = parseText(command.text, PROMPT_OPTIONS[name]);
          if (p.help || !p.rest)
            return respond({ response_type: "ephemeral", text: `Usage: ${USAGE[name]}` });
          const caller = callerOf({
            teamId: command.team_id,
            enterpriseId: command.enterprise_id,
            userId: command.user_id,
            channelId: command.channel_id,
          });
          const d = await ctx.app.services.get();
          const req =
            name === "imagine"
              ? imagineRequest(d, {
                  prompt: p.rest,
                  model: strFlag(p, "model"),
                  size: strFlag(p, "size"),
                  steps: intFlag(p, "steps", 1, 50),
                  seed: intFlag(p, "seed", 0, 2_147_483_647),
                  negativePrompt: strFlag(p, "negative"),
                })
              : videoRequest(d, {
                  prompt: p.rest,
                  frames: intFlag(p, "frames", 8, 204),
                  fps: intFlag(p, "fps", 1, 60),
                  seed: intFlag(p, "seed", 0, 2_147_483_647),
                  negativePrompt: strFlag(p, "negative"),
                });
          await showOutcome(ctx, client, caller, privately(respond), await ctx.actions.propose(caller, req));
        },
        () => isWorkspaceAdmin(client, command.user_id),
      );
    });
  }

  bolt.command("/theta", async ({ command, ack, respond, client }) => {
    await ack();
    await intake(
      ctx,
      command.trigger_id,
      respond,
      () => thetaCommand(ctx, client, command, respond),
      () => isWorkspaceAdmin(client, command.user_id),
    );
  });
  registerQa(bolt, ctx, USAGE.ask!);
  registerGpuView(bolt, ctx);
}

export { textBlocks };
