// @ts-nocheck
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { BotError } from "../../core/errors.js";
import { open, seal } from "../../core/policy/index.js";
import { registerSecret } from "../../core/redact.js";
import type { StateStore } from "../../core/store/index.js";

const keyOf = (enterpriseId: string | undefined, teamId: string | undefined) =>
  `slack:install:${enterpriseId ?? "-"}:${teamId ?? "-"}`;

/** Bolt installations in the StateStore, sealed with AES-256-GCM (the bot tokens are secrets). */
export class SlackInstallStore implements InstallationStore {
  constructor(
    private readonly store: StateStore,
    private readonly key: Buffer,
  ) {}

  async storeInstallation<AuthVersion extends "v1" | "v2">(
    i: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const k = i.isEnterpriseInstall
      ? keyOf(i.enterprise?.id, undefined)
      : keyOf(i.enterprise?.id, i.team?.id);
    registerSecret(i.bot?.token);
    await this.store.set(k, seal(this.key, JSON.stringify(i), k));
  }

  async fetchInstallation(q: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const k = q.isEnterpriseInstall ? keyOf(q.enterpriseId, undefined) : keyOf(q.enterpriseId, q.teamId);
    const raw = await this.store.get(k);
    if (!raw)
      throw new BotError({
        code: "slack_not_installed",
        family: "config",
        message: `theta-bot is not installed in workspace ${q.teamId ?? q.enterpriseId}; install it again.`,
      });
    const inst = JSON.parse(open(this.key, raw, k)) as Installation<"v1" | "v2", boolean>;
    registerSecret(inst.bot?.token);
    return inst;
  }

  async deleteInstallation(q: InstallationQuery<boolean>): Promise<void> {
    await this.store.delete(
      q.isEnterpriseInstall ? keyOf(q.enterpriseId, undefined) : keyOf(q.enterpriseId, q.teamId),
    );
  }

  async has(teamId: string, enterpriseId?: string): Promise<boolean> {
    return (await this.store.get(keyOf(enterpriseId, teamId))) !== null;
  }
}
