// @ts-nocheck
import {
  ActionRowBuilder,
  type ChatInputCommandInteraction,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { tenantOf } from "../../../core/chat/caller.js";
import { SETUP_FIELDS, saveTenantCredentials, setupFamily } from "../../../core/chat/credential-setup.js";
import { usageError } from "../../../core/errors.js";
import { requireAdmin } from "../../../core/policy/index.js";
import { ADMIN_LABEL, callerOf } from "../caller.js";
import type { DiscordContext } from "../context.js";
import { textMessage } from "../render.js";

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
  const family = setupFamily(i.options.getString("family", true));
  const modal = new ModalBuilder().setCustomId(`setup:${family}`).setTitle(`Theta ${family} credentials`);
  for (const [id, label, required] of SETUP_FIELDS[family]) {
    modal.addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId(id)
          .setLabel(label)
          .setStyle(TextInputStyle.Short)
          .setRequired(required)
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
  const fam = setupFamily(family);
  const values: Record<string, string> = {};
  for (const [id] of SETUP_FIELDS[fam]) {
    const v = i.fields.getTextInputValue(id).trim();
    if (v) values[id] = v;
  }
  await saveTenantCredentials(ctx.app, tenantOf(caller), fam, values);
  await i.editReply(
    textMessage(
      "Credentials saved",
      `The ${fam} credentials were checked with Theta and stored encrypted. They are never shown again; /theta credentials status lists what is set.`,
      "ok",
    ),
  );
}
