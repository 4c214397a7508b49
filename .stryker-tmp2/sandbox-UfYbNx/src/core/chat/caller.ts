// @ts-nocheck
import type { Tenant } from "../credentials/provider.js";
import type { JobOrigin } from "../present/job-card.js";

/** Who runs a chat command, as every adapter describes it to the core. */
export interface Caller {
  platform: "discord" | "slack";
  tenantId: string;
  userId: string;
  /** Manage Server (Discord) / workspace admin or owner (Slack), checked at run time. */
  isAdmin: boolean;
  roleIds: string[];
  channelId: string;
  threadId?: string | undefined;
  locale?: string | undefined;
}

export const tenantOf = (c: Caller): Tenant => ({ platform: c.platform, id: c.tenantId });

export function originOf(c: Caller): JobOrigin {
  return {
    platform: c.platform,
    tenantId: c.tenantId,
    userId: c.userId,
    channelId: c.channelId,
    ...(c.threadId ? { threadId: c.threadId } : {}),
    ...(c.locale ? { locale: c.locale } : {}),
  };
}
