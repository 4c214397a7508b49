// @ts-nocheck
import type { App as BoltApp, webApi } from "@slack/bolt";
import { tenantOf } from "../../core/chat/caller.js";
import { SETUP_FIELDS, saveTenantCredentials, setupFamily } from "../../core/chat/credential-setup.js";
import { usageError } from "../../core/errors.js";
import { requireAdmin } from "../../core/policy/index.js";
import { errorCard } from "../../core/present/error-card.js";
import { errorBlocks, textBlocks } from "./blocks.js";
import { callerOf, isWorkspaceAdmin, SLACK_ADMIN_LABEL, type SlackContext } from "./context.js";

export async function openSetupView(
  ctx: SlackContext,
  client: webApi.WebClient,
  triggerId: string,
  name: string,
) {
  const family = setupFamily(name);
  if (!ctx.app.tenantCredentials.canStore) {
    throw usageError(
      "encryption_key_missing",
      "The bot's operator must set BOT_ENCRYPTION_KEY before workspaces can store credentials.",
    );
  }
  await client.views.open({
    trigger_id: triggerId,
    view: {
      type: "modal",
      callback_id: "setup",
      private_metadata: family,
      title: { type: "plain_text", text: `Theta ${family}`.slice(0, 24) },
      submit: { type: "plain_text", text: "Check and save" },
      blocks: SETUP_FIELDS[family].map(([id, label, required]) => ({
        type: "input",
        block_id: id,
        optional: !required,
        label: { type: "plain_text", text: label },
        element: { type: "plain_text_input", action_id: "value", max_length: 500 },
      })),
    },
  });
}

/** The modal's submit: admin checked again, probed against Theta, stored encrypted, never echoed. */
export function registerSetup(bolt: BoltApp, ctx: SlackContext): void {
  bolt.view("setup", async ({ ack, view, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? "";
    const userId = body.user.id;
    const caller = callerOf({ teamId, enterpriseId: body.enterprise?.id, userId, channelId: userId });
    const tell = (m: { text: string; blocks: unknown[] }) =>
      client.chat.postMessage({ channel: userId, ...m } as never);
    try {
      caller.isAdmin = await isWorkspaceAdmin(client, userId);
      requireAdmin(caller, SLACK_ADMIN_LABEL, "set this workspace's Theta credentials");
      const family = setupFamily(view.private_metadata);
      const values: Record<string, string> = {};
      for (const [id] of SETUP_FIELDS[family]) {
        const v = view.state.values[id]?.value?.value?.trim();
        if (v) values[id] = v;
      }
      await saveTenantCredentials(ctx.app, tenantOf(caller), family, values);
      await tell(
        textBlocks(
          "Credentials saved",
          `The ${family} credentials were checked with Theta and stored encrypted; they are never shown again.`,
        ),
      );
    } catch (err) {
      await tell(errorBlocks(errorCard(err, ctx.app.logger)));
    }
  });
}
