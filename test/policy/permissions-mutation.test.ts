import { describe, expect, it } from "vitest";
import {
  adminRequiredError,
  mayAdminister,
  PLATFORM_ADMIN_LABELS,
  requireAdmin,
  requireSpender,
} from "../../src/core/policy/index.js";
import { throws } from "./helpers.js";

/** The exact refusals a member reads, and who gets them. */
describe("permission refusals", () => {
  it("the admin refusal names the action (default: settings) and the platform's permission", () => {
    const err = throws(
      () => requireAdmin({ isAdmin: false }, PLATFORM_ADMIN_LABELS.discord),
      "permission_denied",
    );
    expect(err.message).toBe(
      "Only admins can change the bot's Theta settings: it needs the Manage Server permission.",
    );
    expect(err.details).toEqual({ needs: "admin" });
    const kb = throws(
      () => requireAdmin({ isAdmin: false }, PLATFORM_ADMIN_LABELS.slack, "add documents"),
      "permission_denied",
    );
    expect(kb.message).toBe("Only admins can add documents: it needs workspace admin.");
    expect(adminRequiredError("operator").message).toBe(
      "Only admins can change the bot's Theta settings: it needs operator.",
    );
  });

  it("only a literal true makes an admin", () => {
    expect(mayAdminister({ isAdmin: "yes" as unknown as boolean })).toBe(false);
  });

  it("the spender refusal counts the roles (one / several) and lists them for the admin", () => {
    const member = { isAdmin: false, roleIds: ["r0"] };
    const one = throws(
      () => requireSpender({ spenderRoleIds: ["r1"] }, member, PLATFORM_ADMIN_LABELS.discord),
      "permission_denied",
      "usage",
    );
    expect(one.message).toBe(
      "Paid Theta actions here are limited to one spender role chosen by an admin, or the Manage Server permission. Ask an admin for the role.",
    );
    expect(one.details).toEqual({ needs: "spender", spenderRoleIds: ["r1"] });
    const two = throws(
      () => requireSpender({ spenderRoleIds: ["r1", "r2"] }, member, PLATFORM_ADMIN_LABELS.slack),
      "permission_denied",
    );
    expect(two.message).toBe(
      "Paid Theta actions here are limited to 2 spender roles chosen by an admin, or workspace admin. Ask an admin for the role.",
    );
  });

  it("a member holding a spender role, or anyone when no role is set, is let through", () => {
    expect(() =>
      requireSpender({ spenderRoleIds: ["r1"] }, { isAdmin: false, roleIds: ["r1"] }, "x"),
    ).not.toThrow();
    expect(() => requireSpender({ spenderRoleIds: [] }, { isAdmin: false, roleIds: [] }, "x")).not.toThrow();
    throws(
      () => requireSpender({ spenderRoleIds: ["r1"] }, { isAdmin: false, roleIds: [] }, "x"),
      "permission_denied",
    );
  });
});
