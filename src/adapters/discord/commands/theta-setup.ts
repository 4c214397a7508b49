import {
  ActionRowBuilder,
  type ChatInputCommandInteraction,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { usageError } from "../../../core/errors.js";
import { requireAdmin } from "../../../core/policy/index.js";
import { ThetaClient } from "../../../core/theta/client.js";
import type { CredentialFamily, CredentialSet } from "../../../core/theta/credentials.js";
import { ADMIN_LABEL, callerOf } from "../caller.js";
import type { DiscordContext } from "../context.js";
import { textMessage } from "../render.js";

const FIELDS: Record<
  CredentialFamily,
  Array<{ id: string; label: string; secret: boolean; required: boolean }>
> = {
  controller: [
    { id: "apiKey", label: "Project API key", secret: true, required: true },
    { id: "projectId", label: "Project id (prj_…)", secret: false, required: true },
  ],
  billing: [
    { id: "apiKey", label: "Project API key", secret: true, required: true },
    { id: "orgId", label: "Organisation id (org_…)", secret: false, required: true },
  ],
  ondemand: [{ id: "token", label: "On-demand access token", secret: true, required: true }],
  inference: [
    { id: "endpoint", label: "Endpoint URL (https://…)", secret: false, required: true },
    { id: "token", label: "Bearer token (or leave empty)", secret: true, required: false },
    { id: "user", label: "Basic auth user (or leave empty)", secret: false, required: false },
    { id: "pass", label: "Basic auth password (or leave empty)", secret: true, required: false },
  ],
  video: [
    { id: "saId", label: "Service account id (srvacc_…)", secret: false, required: true },
    { id: "saSecret", label: "Service account secret", secret: true, required: true },
  ],
};

/** One cheap authenticated call per family, to check the values before storing them. */
const PROBE: Record<CredentialFamily, (c: ThetaClient) => Promise<unknown>> = {
  controller: (c) => c.controller.listDeployments(),
  billing: (c) => c.billing.platform.balance(c.billing.orgId),
  ondemand: (c) => c.ondemand.presignedUrls("flux", []),
  inference: (c) => c.inference.models(),
  video: (c) => c.video.listVideos(1, 1),
};

/** /theta setup family:<f> — Manage Server only; answers with a modal (the modal is the ack). */
export async function openSetupModal(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  const caller = callerOf(i);
  requireAdmin(caller, ADMIN_LABEL, "set this server's Theta credentials");
  if (!ctx.credentials.canStore) {
    throw usageError(
      "encryption_key_missing",
      "The bot's operator must set BOT_ENCRYPTION_KEY before servers can store credentials.",
    );
  }
  const family = i.options.getString("family", true) as CredentialFamily;
  const modal = new ModalBuilder().setCustomId(`setup:${family}`).setTitle(`Theta ${family} credentials`);
  for (const f of FIELDS[family]) {
    modal.addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId(f.id)
          .setLabel(f.label)
          .setStyle(TextInputStyle.Short)
          .setRequired(f.required)
          .setMaxLength(500),
      ),
    );
  }
  await i.showModal(modal);
}

/** The modal's submit: checked again for Manage Server, probed against Theta, stored encrypted, never echoed. */
export async function submitSetup(
  i: ModalSubmitInteraction,
  ctx: DiscordContext,
  family: string,
): Promise<void> {
  const caller = callerOf(i);
  requireAdmin(caller, ADMIN_LABEL, "set this server's Theta credentials");
  const fam = family as CredentialFamily;
  if (!FIELDS[fam]) throw usageError("INVALID_INPUT", "Unknown credential family.");
  const values: Record<string, string> = {};
  for (const f of FIELDS[fam]) {
    const v = i.fields.getTextInputValue(f.id).trim();
    if (v) values[f.id] = v;
  }
  const tenant = tenantOf(caller);
  const cfg = ctx.app.config;
  const set = { [fam]: values } as CredentialSet;
  const client = new ThetaClient({
    baseUrls: cfg.baseUrls,
    http: cfg.http,
    credentials: set,
    allowLocalEndpoints: cfg.allowLocalEndpoints,
    outputHosts: cfg.outputHosts,
  });
  const previous = await ctx.credentials.get(tenant, fam);
  await ctx.credentials.set(tenant, fam, values as never); // validates the shape first
  try {
    await PROBE[fam](client);
  } catch (err) {
    // Rejected by Theta: keep what the server had before.
    if (previous) await ctx.credentials.set(tenant, fam, previous as never);
    else await ctx.credentials.clear(tenant, fam);
    throw err;
  }
  await i.editReply(
    textMessage(
      "Credentials saved",
      `The ${fam} credentials were checked with Theta and stored encrypted. They are never shown again; /theta credentials status lists what is set.`,
      "ok",
    ),
  );
}
