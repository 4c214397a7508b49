import type { App as BoltApp, webApi } from "@slack/bolt";
import type { Caller } from "../../core/chat/caller.js";
import { tenantOf } from "../../core/chat/caller.js";
import { expectedHours, type GpuCreateOptions, gpuCreateRequest } from "../../core/chat/gpu-requests.js";
import { usageError } from "../../core/errors.js";
import { getPolicy } from "../../core/policy/index.js";
import { errorCard } from "../../core/present/error-card.js";
import { errorBlocks, type SlackMessage } from "./blocks.js";
import type { SlackContext } from "./context.js";
import { showOutcome } from "./outcome.js";

const CALLBACK = "gpu_ssh_key";
const DRAFT_TTL_MS = 10 * 60 * 1000;
const draftKey = (id: string) => `gpu:slackdraft:${id}`;
type Draft = {
  caller: Caller;
  options: Omit<GpuCreateOptions, "ssh_public_key" | "hours"> & { hours?: number };
};

/** `/theta gpu create …` without `--ssh-key`: the key is asked for in a dialog. */
export async function openGpuKeyView(
  ctx: SlackContext,
  client: webApi.WebClient,
  triggerId: string,
  caller: Caller,
  options: Draft["options"],
): Promise<void> {
  const id = `${caller.tenantId}.${caller.userId}.${Date.now().toString(36)}`;
  await ctx.app.store.set(draftKey(id), JSON.stringify({ caller, options } satisfies Draft), {
    ttlMs: DRAFT_TTL_MS,
  });
  await client.views.open({
    trigger_id: triggerId,
    view: {
      type: "modal",
      callback_id: CALLBACK,
      private_metadata: id,
      title: { type: "plain_text", text: "GPU Node SSH key" },
      submit: { type: "plain_text", text: "Get the quote" },
      blocks: [
        {
          type: "input",
          block_id: "ssh_key",
          label: { type: "plain_text", text: "OpenSSH public key (ssh-ed25519 …)" },
          element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 4000 },
        },
      ],
    },
  });
}

/** The dialog's submit: the requester's quote and confirmation, privately in the channel they asked in. */
export function registerGpuView(bolt: BoltApp, ctx: SlackContext): void {
  bolt.view(CALLBACK, async ({ ack, view, body, client }) => {
    await ack();
    const raw = await ctx.app.store.get(draftKey(view.private_metadata));
    const draft = raw ? (JSON.parse(raw) as Draft) : undefined;
    const userId = body.user.id;
    const channel = draft?.caller.channelId ?? userId;
    const reply = async (m: SlackMessage) => {
      await client.chat.postEphemeral({ channel, user: userId, ...m } as never);
    };
    try {
      if (!draft)
        throw usageError("action_expired", "This GPU Node request expired; run /theta gpu create again.");
      if (draft.caller.userId !== userId)
        throw usageError("not_requester", "Only the person who asked can finish this.");
      await ctx.app.store.delete(draftKey(view.private_metadata));
      const policy = await getPolicy(ctx.app.store, tenantOf(draft.caller));
      const req = gpuCreateRequest(draft.caller, {
        ...draft.options,
        ssh_public_key: String(view.state.values.ssh_key?.value?.value ?? "").trim(),
        hours: expectedHours(draft.options.hours, policy),
      });
      await showOutcome(ctx, client, draft.caller, reply, await ctx.actions.propose(draft.caller, req));
    } catch (err) {
      await reply(errorBlocks(errorCard(err, ctx.app.logger))).catch(() => {});
    }
  });
}
