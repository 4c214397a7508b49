// @ts-nocheck
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLACK_SCOPES } from "../../src/adapters/slack/adapter.js";
import { MEDIA_COMMANDS } from "../../src/core/chat/requests.js";

describe("slack/manifest.json", () => {
  const manifest = JSON.parse(readFileSync("slack/manifest.json", "utf8"));
  it("declares every command the adapter registers, the scopes it requests and the events it handles", () => {
    const commands = manifest.features.slash_commands.map((c: { command: string }) => c.command);
    expect(commands).toEqual([
      "/imagine",
      "/video",
      "/ask",
      "/theta",
      ...MEDIA_COMMANDS.map((m) => `/${m.name}`),
    ]);
    expect(manifest.oauth_config.scopes.bot).toEqual(SLACK_SCOPES);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      "app_mention",
      "app_uninstalled",
      "tokens_revoked",
      "message.channels",
      "message.groups",
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});
