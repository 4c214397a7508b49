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

  it("an em-dash in a prompt reaches Theta as an em-dash; an autocorrected —seed is still the option", async () => {
    const { sender, actionId } = await quote(
      "a red—orange fox — at night —seed 9",
      "a red—orange fox — at night",
    );
    await sender.blockAction({ actionId: "act_confirm", value: actionId });
    await s.slack.waitForCall(
      "files.completeUploadExternal",
      (c) => JSON.stringify(c.body).includes("orange"),
      15_000,
    );
    const sent = s.theta.requests.find(
      (r) => r.method === "POST" && r.path === "/ondemand/infer_request/flux",
    )!;
    expect(sent.body).toMatchObject({ input: { prompt: "a red—orange fox — at night", seed: "9" } });
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

describe("a channel the bot cannot post in", () => {
  it("a paid /imagine there delivers its card and result to the requester's DM, not into the void", async () => {
    s.slack.addChannel({ id: "G0SECRET", name: "secret", private: true, botIsMember: false });
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/imagine", text: "secret fox", channelId: "G0SECRET" });
    const q = await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("secret fox"));
    await sender.blockAction({
      actionId: "act_confirm",
      value: buttonValue(q.body, "act_confirm")!,
      channelId: "G0SECRET",
    });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("can't post in this channel"),
    );
    const done = await s.slack.waitForCall(
      "files.completeUploadExternal",
      (c) => JSON.stringify(c.body).includes("secret fox"),
      15_000,
    );
    expect((done.body as { channel_id?: string }).channel_id).toBe("D0ADMIN");
    expect(done.error).toBeUndefined();
    expect(s.slack.files().at(-1)?.sha256).toBe(sha(PNG));
    const card = s.slack
      .messages({ channel: "D0ADMIN" })
      .find((m) => JSON.stringify(m.blocks).includes("secret fox"));
    expect(JSON.stringify(card?.blocks)).toContain("white_check_mark");
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

  it("/caption in the app's DM uses the file shared there (im:history is in the manifest)", async () => {
    s.slack.shareFile({
      channel: "D0ADMIN",
      userId: "U0ADMIN",
      filename: "dm.png",
      bytes: Buffer.from("dm cat"),
    });
    await s.slack.sender(s.eventsUrl).slashCommand({ command: "/caption", text: "", channelId: "D0ADMIN" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("Caption: dm.png"));
    const history = s.slack.calls.findLast((c) => c.method === "conversations.history");
    expect(history?.error).toBeUndefined();
  });

  it("/caption where the bot cannot read the conversation says how to share the file instead", async () => {
    s.slack.addChannel({ id: "C0ELSEWHERE", name: "elsewhere", botIsMember: false });
    await s.slack
      .sender(s.eventsUrl)
      .slashCommand({ command: "/caption", text: "", channelId: "C0ELSEWHERE" });
    const reply = await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("can't read this conversation"),
    );
    expect(JSON.stringify(reply.body)).toContain("/invite @theta-bot");
    expect(s.slack.calls.findLast((c) => c.method === "conversations.history")?.error).toBe("not_in_channel");
  });

  it("/ask-image without the question the live service requires is refused before any quote or POST", async () => {
    s.slack.shareFile({ filename: "dog.png", bytes: Buffer.from("a shared dog picture") });
    await s.slack.sender(s.eventsUrl).slashCommand({ command: "/ask-image", text: "" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("question is required"));
    expect(s.theta.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("/caption with nothing shared says what to do", async () => {
    s.slack.reset();
    await s.slack.sender(s.eventsUrl).slashCommand({ command: "/caption", text: "" });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Share a file in this channel first"),
    );
  });
});

describe("a result whose image Slack cannot download", () => {
  let big: SlackStack;
  beforeAll(async () => {
    big = await startSlackStack({ MEDIA_MAX_BYTES: "1024" });
  });
  afterAll(() => big.close());

  it("is still posted, as a link without the preview (Slack refuses the whole message otherwise)", async () => {
    // Over MEDIA_MAX_BYTES, the image is linked instead of uploaded; the Theta output host refuses
    // Slack's image fetcher (a bot user agent), so Slack answers invalid_blocks "downloading image failed".
    big.theta.setOutputBytes("flux", 5000);
    const sender = big.slack.sender(big.eventsUrl);
    await sender.slashCommand({ command: "/imagine", text: "a distant fox" });
    const call = await big.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("act_confirm"),
    );
    await sender.blockAction({ actionId: "act_confirm", value: buttonValue(call.body, "act_confirm")! });
    const refused = await big.slack.waitForCall("chat.update", (c) => c.error === "invalid_blocks", 15_000);
    expect(JSON.stringify(refused.body)).toContain('"image_url"');
    const done = await big.slack.waitForCall(
      "chat.update",
      (c) => c.status === 200 && !c.error && JSON.stringify(c.body).includes("Open the output"),
      15_000,
    );
    expect(JSON.stringify(done.body)).toContain(":white_check_mark:");
    expect(JSON.stringify(done.body)).not.toContain('"image_url"');
    expect(big.slack.count("files.completeUploadExternal")).toBe(0);
  });
});
