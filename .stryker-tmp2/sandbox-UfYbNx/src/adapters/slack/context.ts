// @ts-nocheck
import type { webApi } from "@slack/bolt";
import type { App } from "../../app/app.js";
import type { ActionService } from "../../core/chat/actions.js";
import type { Caller } from "../../core/chat/caller.js";

export interface SlackContext {
  app: App;
  actions: ActionService;
}

/** A Slack workspace's tenant id: the team, qualified by its enterprise grid org when there is one. */
export function tenantIdOf(teamId: string, enterpriseId?: string | null): string {
  return enterpriseId ? `${enterpriseId}.${teamId}` : teamId;
}

export function callerOf(
  o: { teamId: string; enterpriseId?: string | null; userId: string; channelId: string; threadTs?: string },
  isAdmin = false,
): Caller {
  return {
    platform: "slack",
    tenantId: tenantIdOf(o.teamId, o.enterpriseId),
    userId: o.userId,
    isAdmin,
    roleIds: [],
    channelId: o.channelId,
    ...(o.threadTs ? { threadId: o.threadTs } : {}),
  };
}

/** Workspace admins and owners (users.info), checked at the moment it matters. */
export async function isWorkspaceAdmin(client: webApi.WebClient, userId: string): Promise<boolean> {
  const r = await client.users.info({ user: userId });
  return Boolean(r.user?.is_admin || r.user?.is_owner || r.user?.is_primary_owner);
}

export const SLACK_ADMIN_LABEL = "workspace admin or owner rights";
