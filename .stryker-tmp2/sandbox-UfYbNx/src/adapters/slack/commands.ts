// @ts-nocheck
import type { App as BoltApp, RespondFn } from "@slack/bolt";
import { imagineRequest, videoRequest } from "../../core/chat/requests.js";
import { errorCard } from "../../core/present/error-card.js";
import { errorBlocks, type SlackMessage, textBlocks } from "./blocks.js";
import { callerOf, type SlackContext } from "./context.js";
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

/** Runs a handler after ack; every error becomes a private Block Kit message the user can act on. */
export async function guarded(
  ctx: SlackContext,
  respond: RespondFn,
  fn: () => Promise<unknown>,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    await respond({ response_type: "ephemeral", ...errorBlocks(errorCard(err, ctx.app.logger)) }).catch(
      () => {},
    );
  }
}

/** Registers /imagine, /video, /ask and /theta on the Bolt app. Every handler acks first. */
export function registerCommands(bolt: BoltApp, ctx: SlackContext): void {
  const seen = (id: string) => ctx.app.store.setIfAbsent(`seen:slack:${id}`, "1", 15 * 60 * 1000);

  for (const name of ["imagine", "video"] as const) {
    bolt.command(`/${name}`, async ({ command, ack, respond, client }) => {
      await ack();
      if (!(await seen(command.trigger_id))) return;
      await guarded(ctx, respond, async () => {
        const p = parseText(command.text);
        if (p.help || !p.rest) return respond({ response_type: "ephemeral", text: `Usage: ${USAGE[name]}` });
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
      });
    });
  }

  bolt.command("/theta", async ({ command, ack, respond, client }) => {
    await ack();
    if (!(await seen(command.trigger_id))) return;
    await guarded(ctx, respond, () => thetaCommand(ctx, client, command, respond));
  });
  registerQa(bolt, ctx, USAGE.ask!);
}

export { textBlocks };
