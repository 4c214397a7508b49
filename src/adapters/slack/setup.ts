import type { App as BoltApp, webApi } from "@slack/bolt";
import { tenantOf } from "../../core/chat/caller.js";
import { usageError } from "../../core/errors.js";
import { requireAdmin } from "../../core/policy/index.js";
import { errorCard } from "../../core/present/error-card.js";
import { ThetaClient } from "../../core/theta/client.js";
import type { CredentialFamily, CredentialSet } from "../../core/theta/credentials.js";
import { errorBlocks, textBlocks } from "./blocks.js";
import { callerOf, isWorkspaceAdmin, SLACK_ADMIN_LABEL, type SlackContext } from "./context.js";

const FIELDS: Record<CredentialFamily, Array<[string, string, boolean]>> = {
  controller: [
    ["apiKey", "Project API key", true],
    ["projectId", "Project id (prj_…)", true],
  ],
  billing: [
    ["apiKey", "Project API key", true],
    ["orgId", "Organisation id (org_…)", true],
  ],
  ondemand: [["token", "On-demand access token", true]],
  inference: [
    ["endpoint", "Endpoint URL (https://…)", true],
    ["token", "Bearer token", false],
    ["user", "Basic auth user", false],
    ["pass", "Basic auth password", false],
  ],
  video: [
    ["saId", "Service account id (srvacc_…)", true],
    ["saSecret", "Service account secret", true],
  ],
};
const PROBE: Record<CredentialFamily, (c: ThetaClient) => Promise<unknown>> = {
  controller: (c) => c.controller.listDeployments(),
  billing: (c) => c.billing.platform.balance(c.billing.orgId),
  ondemand: (c) => c.ondemand.presignedUrls("flux", []),
  inference: (c) => c.inference.models(),
  video: (c) => c.video.listVideos(1, 1),
};

export async function openSetupView(
  ctx: SlackContext,
  client: webApi.WebClient,
  triggerId: string,
  family: CredentialFamily,
) {
  if (!FIELDS[family])
    throw usageError("INVALID_INPUT", `Usage: /theta setup <${Object.keys(FIELDS).join("|")}>`);
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
      blocks: FIELDS[family].map(([id, label, required]) => ({
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
      const family = view.private_metadata as CredentialFamily;
      const values: Record<string, string> = {};
      for (const [id] of FIELDS[family] ?? []) {
        const v = view.state.values[id]?.value?.value?.trim();
        if (v) values[id] = v;
      }
      const tenant = tenantOf(caller);
      const cfg = ctx.app.config;
      const previous = await ctx.app.tenantCredentials.get(tenant, family);
      await ctx.app.tenantCredentials.set(tenant, family, values as never);
      const probe = new ThetaClient({
        baseUrls: cfg.baseUrls,
        http: cfg.http,
        credentials: { [family]: values } as CredentialSet,
        allowLocalEndpoints: cfg.allowLocalEndpoints,
      });
      try {
        await PROBE[family](probe);
      } catch (err) {
        if (previous) await ctx.app.tenantCredentials.set(tenant, family, previous as never);
        else await ctx.app.tenantCredentials.clear(tenant, family);
        throw err;
      }
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
