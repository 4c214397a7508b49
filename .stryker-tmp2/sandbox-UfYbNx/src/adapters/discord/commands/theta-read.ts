// @ts-nocheck
import type { ChatInputCommandInteraction } from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { getOperation } from "../../../core/operations/registry.js";
import { runOperation } from "../../../core/operations/runner.js";
import { summarize } from "../../../core/present/summarize.js";
import { callerOf } from "../caller.js";
import type { DiscordContext } from "../context.js";
import { textMessage } from "../render.js";

export { summarize };

/** Runs a read-only operation with this server's credentials and shows it. */
export async function showOperation(
  i: ChatInputCommandInteraction,
  ctx: DiscordContext,
  title: string,
  operation: string,
  input: Record<string, unknown> = {},
): Promise<void> {
  const r = await runOperation(ctx.app.runtime, operation, input, { tenant: tenantOf(callerOf(i)) });
  const result = r.kind === "result" ? r.result : r;
  const op = getOperation(operation);
  const text = op?.render ? op.render(result) : summarize(result);
  await i.editReply(textMessage(title, text));
}
