// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

/**
 * Slack's inbound de-duplication, as a member sees it: a retried command is answered once, every
 * other command is answered, and a retry is recognised for 15 minutes.
 */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const formOf = (payload: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, String(v)] as [string, string])).toString();

describe("Slack: de-duplication by trigger_id", () => {
  let s: SlackStack;
  beforeAll(async () => {
    s = await startSlackStack();
  });
  afterAll(() => s.close());

  const answers = (text: string) =>
    s.slack.calls.filter((c) => c.method === "response_url" && JSON.stringify(c.body).includes(text));

  it("two different /imagine commands are both quoted", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/imagine", text: "first distinct fox" });
    await sender.slashCommand({ command: "/imagine", text: "second distinct fox" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("first distinct fox"));
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("second distinct fox"));
  });

  it("a retried /theta is answered once, and the retry window is 15 minutes", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const first = await sender.slashCommand({ command: "/theta", text: "frobnicate" });
    expect(first.status).toBe(200);
    const again = await sender.raw(formOf(first.payload), "application/x-www-form-urlencoded", {
      retryNum: 1,
    });
    expect(again.status).toBe(200);
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("frobnicate"));
    await pause(400);
    expect(answers("Unknown /theta frobnicate")).toHaveLength(1);
    const ttl = await s.app.store.ttlMs(`seen:slack:${String(first.payload.trigger_id)}`);
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    // Another /theta right after is a new command and is answered.
    await sender.slashCommand({ command: "/theta", text: "wibble" });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Unknown /theta wibble"),
    );
  });

  it("a retried /imagine is recognised for 15 minutes too", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const first = await sender.slashCommand({ command: "/imagine", text: "ttl fox" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("ttl fox"));
    const ttl = await s.app.store.ttlMs(`seen:slack:${String(first.payload.trigger_id)}`);
    expect(ttl).toBeGreaterThan(14 * 60_000);
  });
});
