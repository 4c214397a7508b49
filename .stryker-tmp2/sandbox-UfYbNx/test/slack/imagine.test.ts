// @ts-nocheck
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PNG } from "../doubles/theta/index.js";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

let s: SlackStack;
beforeAll(async () => {
  s = await startSlackStack();
});
afterAll(() => s.close());
beforeEach(() => s.theta.reset());

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function quote(text: string, prompt: string) {
  const sender = s.slack.sender(s.eventsUrl);
  const res = await sender.slashCommand({ command: "/imagine", text });
  expect(res.status).toBe(200);
  const call = await s.slack.waitForCall("response_url", (c) => {
    const b = JSON.stringify(c.body);
    return b.includes("act_confirm") && b.includes(prompt);
  });
  return { sender, res, actionId: buttonValue(call.body, "act_confirm")! };
}

describe("/imagine on Slack", () => {
  it("acks, quotes privately, and after Confirm uploads a file byte-identical to Theta's PNG", async () => {
    const { sender, actionId } = await quote("a red fox --seed 7", "a red fox");
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
    const click = await sender.blockAction({ actionId: "act_confirm", value: actionId });
    expect(click.status).toBe(200);
    await s.slack.waitForCall("files.completeUploadExternal", undefined, 15_000);
    const file = s.slack.files().at(-1)!;
    expect(file.sha256).toBe(sha(PNG));
    const sent = s.theta.requests.find(
      (r) => r.method === "POST" && r.path === "/ondemand/infer_request/flux",
    )!;
    expect(sent.body).toMatchObject({ input: { prompt: "a red fox", seed: "7" } });
    expect(s.theta.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    await s.slack.waitForCall("chat.update", (c) => JSON.stringify(c.body).includes("white_check_mark"));
    const card = s.slack
      .messages()
      .find((m) => JSON.stringify(m.blocks).includes(":white_check_mark: *Image: a red fox*"));
    expect(card?.updates).toBeGreaterThan(0);
  });

  it("a double-clicked Confirm runs one job; another user cannot confirm", async () => {
    const { sender, actionId } = await quote("double fox", "double fox");
    const other = await sender.blockAction({ actionId: "act_confirm", value: actionId, userId: "U0MEMBER" });
    expect(other.status).toBe(200);
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Only the person who asked"),
    );
    await Promise.all([
      sender.blockAction({ actionId: "act_confirm", value: actionId }),
      sender.blockAction({ actionId: "act_confirm", value: actionId }),
    ]);
    await s.slack.waitForCall(
      "files.completeUploadExternal",
      (c) => JSON.stringify(c.body).includes("double fox"),
      15_000,
    );
    expect(s.theta.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("a bad or stale signature is rejected with 401 and nothing runs", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const before = s.slack.count("response_url");
    const bad = await sender.slashCommand({ command: "/imagine", text: "forged", badSignature: true });
    const stale = await sender.slashCommand({ command: "/imagine", text: "old", staleTimestamp: true });
    expect([bad.status, stale.status]).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.slack.count("response_url")).toBe(before);
  });

  it("--help shows usage", async () => {
    const res = await s.slack.sender(s.eventsUrl).slashCommand({ command: "/imagine", text: "--help" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("Usage"));
    expect(res.status).toBe(200);
  });
});

describe("media commands on Slack", () => {
  it("/caption uses the file just shared in the channel, downloaded with the bot token", async () => {
    s.slack.shareFile({ filename: "cat.png", bytes: Buffer.from("a shared cat picture") });
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/caption", text: "" });
    const q = await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Caption: cat.png"),
    );
    await sender.blockAction({ actionId: "act_confirm", value: buttonValue(q.body, "act_confirm")! });
    await s.slack.waitForCall(
      "chat.update",
      (c) =>
        JSON.stringify(c.body).includes("Caption: cat.png") &&
        JSON.stringify(c.body).includes("white_check_mark"),
      15_000,
    );
    const download = s.slack.calls.find((c) => c.method === "file_download");
    expect(download?.token).toBe(s.slack.options.botToken);
    expect(s.theta.requests.find((r) => r.method === "PUT")?.body).toEqual({ bytes: 20 });
  });

  it("/caption with nothing shared says what to do", async () => {
    s.slack.reset();
    await s.slack.sender(s.eventsUrl).slashCommand({ command: "/caption", text: "" });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Share a file in this channel first"),
    );
  });
});
