/** Raw REST helpers for the Discord double's rule tests (discord-commands / discord-components tests). */
import { expect } from "vitest";
import type { DiscordDouble } from "./discord/index.js";

export const CHANNEL = "300000000000000001";

export function restClient(d: DiscordDouble) {
  async function api(method: string, path: string, body?: unknown, auth = true) {
    const res = await fetch(`${d.restUrl}/v10${path}`, {
      method,
      headers: {
        ...(auth ? { authorization: `Bot ${d.options.token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  }
  const commands = () => `/applications/${d.options.applicationId}/commands`;
  return { api, commands, put: (body: unknown) => api("PUT", commands(), body) };
}

export const cmd = (extra: Record<string, unknown> = {}) => ({
  name: "imagine",
  description: "Draw",
  ...extra,
});
export const opt = (extra: Record<string, unknown> = {}) => ({
  type: 3,
  name: "prompt",
  description: "What",
  ...extra,
});

/** The `_errors` entry at a dotted path of a 50035 body. */
export function formError(
  json: Record<string, unknown> | null,
  path: string,
): { code: string; message: string } {
  expect(json).toMatchObject({ code: 50035, message: "Invalid Form Body" });
  let node = (json as { errors: Record<string, unknown> }).errors;
  for (const p of path.split(".").filter(Boolean)) node = node[p] as Record<string, unknown>;
  return (node._errors as Array<{ code: string; message: string }>)[0] as { code: string; message: string };
}
