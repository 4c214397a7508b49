/**
 * Who may do what. Admins (Discord "Manage Server", Slack workspace admins) administer: set
 * credentials, budgets and policy. Spending needs one of the policy's spender roles, unless the
 * list is empty (everyone may); admins always may.
 */
// @ts-nocheck

import { BotError } from "../errors.js";
import type { Policy } from "./policy.js";

export interface AdminCaller {
  isAdmin: boolean;
}

export interface SpendCaller extends AdminCaller {
  roleIds: string[];
}

/** What each platform calls the permission that makes someone an admin here. */
export const PLATFORM_ADMIN_LABELS = {
  discord: "the Manage Server permission",
  slack: "workspace admin",
  cli: "operator",
} as const satisfies Record<"discord" | "slack" | "cli", string>;

export function mayAdminister(caller: AdminCaller): boolean {
  return caller.isAdmin === true;
}

export function maySpend(policy: Pick<Policy, "spenderRoleIds">, caller: SpendCaller): boolean {
  if (mayAdminister(caller)) return true;
  if (policy.spenderRoleIds.length === 0) return true;
  return caller.roleIds.some((r) => policy.spenderRoleIds.includes(r));
}

/** `permission_denied` for settings (credentials, budgets, policy). */
export function adminRequiredError(
  platformAdminLabel: string,
  action = "change the bot's Theta settings",
): BotError {
  return new BotError({
    code: "permission_denied",
    family: "usage",
    message: `Only admins can ${action}: it needs ${platformAdminLabel}.`,
    details: { needs: "admin" },
  });
}

/** `permission_denied` for paid actions. */
export function spenderRequiredError(
  platformAdminLabel: string,
  policy: Pick<Policy, "spenderRoleIds">,
): BotError {
  const n = policy.spenderRoleIds.length;
  return new BotError({
    code: "permission_denied",
    family: "usage",
    message: `Paid Theta actions here are limited to ${n === 1 ? "one spender role" : `${n} spender roles`} chosen by an admin, or ${platformAdminLabel}. Ask an admin for the role.`,
    details: { needs: "spender", spenderRoleIds: policy.spenderRoleIds },
  });
}

/** Throws `permission_denied` unless the caller is an admin. */
export function requireAdmin(caller: AdminCaller, platformAdminLabel: string, action?: string): void {
  if (!mayAdminister(caller)) throw adminRequiredError(platformAdminLabel, action);
}

/** Throws `permission_denied` unless the caller may spend under the policy. */
export function requireSpender(
  policy: Pick<Policy, "spenderRoleIds">,
  caller: SpendCaller,
  platformAdminLabel: string,
): void {
  if (!maySpend(policy, caller)) throw spenderRequiredError(platformAdminLabel, policy);
}
