// @ts-nocheck
import { describe, expect, it } from "vitest";
import {
  mayAdminister,
  maySpend,
  PLATFORM_ADMIN_LABELS,
  requireAdmin,
  requireSpender,
} from "../../src/core/policy/index.js";
import { throws } from "./helpers.js";

describe("permissions", () => {
  it("only admins administer; the refusal names the platform's permission", () => {
    expect(mayAdminister({ isAdmin: true })).toBe(true);
    expect(mayAdminister({ isAdmin: false })).toBe(false);
    const discord = throws(
      () => requireAdmin({ isAdmin: false }, PLATFORM_ADMIN_LABELS.discord),
      "permission_denied",
      "usage",
    );
    expect(discord.message).toContain("Manage Server");
    const slack = throws(
      () => requireAdmin({ isAdmin: false }, PLATFORM_ADMIN_LABELS.slack),
      "permission_denied",
    );
    expect(slack.message).toContain("workspace admin");
    expect(() => requireAdmin({ isAdmin: true }, "x")).not.toThrow();
  });

  it("with no spender roles everyone may spend; with roles only holders and admins may", () => {
    const open = { spenderRoleIds: [] };
    const restricted = { spenderRoleIds: ["role-spend"] };
    expect(maySpend(open, { isAdmin: false, roleIds: [] })).toBe(true);
    expect(maySpend(restricted, { isAdmin: false, roleIds: ["other"] })).toBe(false);
    expect(maySpend(restricted, { isAdmin: false, roleIds: ["other", "role-spend"] })).toBe(true);
    expect(maySpend(restricted, { isAdmin: true, roleIds: [] })).toBe(true);
    const err = throws(
      () => requireSpender(restricted, { isAdmin: false, roleIds: [] }, PLATFORM_ADMIN_LABELS.discord),
      "permission_denied",
      "usage",
    );
    expect(err.message).toContain("spender role");
    expect(err.message).toContain("Manage Server");
  });
});
