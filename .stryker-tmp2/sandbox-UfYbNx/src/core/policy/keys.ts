// @ts-nocheck
import type { Tenant } from "../credentials/provider.js";
import { usageError } from "../errors.js";

/**
 * One segment of a state key. Ids from Discord and Slack never contain ":" or "%", so they are
 * kept as they are; anything else is percent-encoded so that no id can reach into another's keys.
 */
export function keyPart(value: string, what: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 200) {
    throw usageError("invalid_id", `The ${what} id must be a non-empty string of at most 200 characters.`);
  }
  return value.replace(/[%:\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`);
}

/** `<platform>:<tenantId>`: every per-tenant key includes both, so equal ids on two platforms stay apart. */
export function tenantKey(tenant: Tenant): string {
  return `${keyPart(tenant.platform, "platform")}:${keyPart(tenant.id, "tenant")}`;
}
