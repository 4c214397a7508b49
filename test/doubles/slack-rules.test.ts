/**
 * The Slack double refuses what Slack refuses, with Slack's answers (HTTP 200 `{ok:false, error}` unless
 * rate limited): conversations and membership, manifest scopes per method, file uploads, Block Kit,
 * image downloads, rate-limit tiers. Rule sources are cited in the double's files (channels.ts, scopes.ts,
 * uploads.ts, block-kit.ts, image-fetch.ts, rate-limits.ts).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackDouble, startSlackDouble } from "./slack/index.js";

let d: SlackDouble;
let images: Server;
let imageBase = "";

async function call(method: string, args: Record<string, unknown>, token = d.options.botToken, double = d) {
  const res = await fetch(`${double.apiUrl}${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(args),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

const post = (blocks: unknown, channel = "C0000001") =>
  call("chat.postMessage", { channel, text: "t", blocks });
const section = (text: unknown) => ({ type: "section", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });
const button = (action_id: string, label = "Go") => ({ type: "button", action_id, text: plain(label) });
const messages = (r: { json: Record<string, unknown> }) =>
  (r.json.response_metadata as { messages: string[] } | undefined)?.messages ?? [];

beforeAll(async () => {
  d = await startSlackDouble({
    channels: [
      { id: "C0000001", name: "general" },
      { id: "C0PUBLIC", name: "public", botIsMember: false },
      { id: "G0SECRET", name: "secret", private: true, botIsMember: false },
      { id: "C0OLD", name: "old", archived: true },
    ],
    teams: [
      { id: "T0000001", name: "Theta Test" },
      { id: "T0NARROW", name: "Narrow", botToken: "xoxb-narrow", scopes: ["commands", "chat:write"] },
    ],
  });
  images = createServer((req, res) => {
    if (req.url === "/ok.png") res.writeHead(200, { "content-type": "image/png" }).end("png");
    else if (req.url === "/pic.webp") res.writeHead(200, { "content-type": "image/webp" }).end("webp");
    else if (req.url === "/bots-blocked.png" && !req.headers["user-agent"]?.includes("Mozilla/"))
      res.writeHead(403, { "content-type": "text/plain" }).end("error code: 1010");
    else res.writeHead(404).end("nope");
  });
  await new Promise<void>((r) => images.listen(0, "127.0.0.1", r));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await d.close();
  await new Promise((r) => images.close(r));
});

describe("conversations and membership", () => {
  it("channel_not_found for an unknown id and for a private channel the bot is not in", async () => {
    expect((await post(undefined, "C0NOWHERE")).json).toEqual({ ok: false, error: "channel_not_found" });
    expect((await post(undefined, "G0SECRET")).json).toEqual({ ok: false, error: "channel_not_found" });
    expect((await call("conversations.history", { channel: "G0SECRET" })).json.error).toBe(
      "channel_not_found",
    );
  });

  it("not_in_channel: reading a public channel the bot is not in; posting there without chat:write.public", async () => {
    expect((await call("conversations.history", { channel: "C0PUBLIC" })).json.error).toBe("not_in_channel");
    expect((await post(undefined, "C0PUBLIC")).json.ok).toBe(true); // the manifest has chat:write.public
    const narrow = await call("chat.postMessage", { channel: "C0PUBLIC", text: "hi" }, "xoxb-narrow");
    expect(narrow.json).toEqual({ ok: false, error: "not_in_channel" });
  });

  it("is_archived for posting into an archived channel", async () => {
    expect((await post(undefined, "C0OLD")).json).toEqual({ ok: false, error: "is_archived" });
  });

  it("a user can only run a command in a conversation that exists", () => {
    expect(() => d.payloads.slashCommand({ command: "/imagine", channelId: "C0NOWHERE" })).toThrow(
      /no conversation/,
    );
  });
});

describe("token scopes", () => {
  it("bot tokens get slack/manifest.json's scopes, announced in X-OAuth-Scopes", async () => {
    const r = await call("auth.test", {});
    const granted = r.headers.get("x-oauth-scopes")?.split(",") ?? [];
    expect(granted).toContain("chat:write.public");
    expect(granted).toContain("im:history");
    expect(granted).not.toContain("channels:read");
  });

  it("missing_scope names what was needed and what the token has", async () => {
    const r = await call("users.info", { user: "U0ADMIN" }, "xoxb-narrow");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      ok: false,
      error: "missing_scope",
      needed: "users:read",
      provided: "commands,chat:write",
    });
    const upload = await call("files.getUploadURLExternal", { filename: "a.png", length: 3 }, "xoxb-narrow");
    expect(upload.json).toMatchObject({ error: "missing_scope", needed: "files:write" });
    // The scope of a conversation method depends on the conversation: channels:read for a public channel.
    const info = await call("conversations.info", { channel: "C0000001" });
    expect(info.json).toMatchObject({ ok: false, error: "missing_scope", needed: "channels:read" });
  });
});

describe("file uploads", () => {
  async function upload(declared: number, bytes: Buffer) {
    const url = await call("files.getUploadURLExternal", { filename: "a.bin", length: declared });
    const target = url.json as { upload_url: string; file_id: string };
    const res = await fetch(target.upload_url, { method: "POST", body: bytes });
    return { res, id: target.file_id };
  }

  it("the bytes sent to the upload URL must be the declared length", async () => {
    const { res, id } = await upload(10, Buffer.from("12345"));
    expect(res.status).toBe(400);
    const done = await call("files.completeUploadExternal", { files: [{ id }], channel_id: "C0000001" });
    expect(done.json).toEqual({ ok: false, error: "file_not_found" });
    const ok = await upload(5, Buffer.from("12345"));
    expect(ok.res.status).toBe(200);
    expect(await ok.res.text()).toBe("OK - 5");
  });

  it("length 0 is missing_argument; completing into an archived channel is is_archived", async () => {
    expect((await call("files.getUploadURLExternal", { filename: "e", length: 0 })).json.error).toBe(
      "missing_argument",
    );
    const { id } = await upload(3, Buffer.from("abc"));
    const done = await call("files.completeUploadExternal", { files: [{ id }], channel_id: "C0OLD" });
    expect(done.json.error).toBe("is_archived");
  });
});

describe("Block Kit", () => {
  it.each([
    ["an unknown block type", [{ type: "banner" }], "unsupported type: banner [json-pointer:/blocks/0/type]"],
    [
      "an element a block does not take",
      [{ type: "actions", elements: [{ type: "plain_text_input", action_id: "x" }] }],
      "unsupported type: plain_text_input [json-pointer:/blocks/0/elements/0/type]",
    ],
    [
      "a text object of an unknown type",
      [section({ type: "markdown", text: "x" })],
      "must be one of: plain_text, mrkdwn [json-pointer:/blocks/0/text/type]",
    ],
    [
      "mrkdwn where plain_text is required (header)",
      [{ type: "header", text: md("Title") }],
      "must be one of: plain_text [json-pointer:/blocks/0/text/type]",
    ],
    ["an empty text", [section(md(""))], "must be more than 0 characters [json-pointer:/blocks/0/text/text]"],
    [
      "a section text over 3000 characters",
      [section(md("x".repeat(3001)))],
      "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ],
    [
      "emoji on mrkdwn",
      [section({ ...md("x"), emoji: true })],
      "emoji is only allowed on plain_text [json-pointer:/blocks/0/text/emoji]",
    ],
    [
      "a button label over 75 characters",
      [{ type: "actions", elements: [button("a", "b".repeat(76))] }],
      "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
    ],
    [
      "51 blocks",
      Array.from({ length: 51 }, () => ({ type: "divider" })),
      "no more than 50 items allowed [json-pointer:/blocks]",
    ],
    [
      "a repeated block_id",
      [
        { type: "divider", block_id: "b" },
        { type: "divider", block_id: "b" },
      ],
      "duplicate block_id: b [json-pointer:/blocks/1/block_id]",
    ],
    [
      "a repeated action_id in one block",
      [{ type: "actions", elements: [button("go"), button("go")] }],
      "duplicate action_id: go [json-pointer:/blocks/0/elements/1/action_id]",
    ],
  ])("refuses %s with invalid_blocks", async (_what, blocks, message) => {
    const r = await post(blocks);
    expect(r.json).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(messages(r)).toContain(`[ERROR] ${message}`);
    expect(r.json.errors).toContain(message);
  });

  it("accepts the same action_id in different blocks, and valid messages", async () => {
    const r = await post([
      { type: "actions", elements: [button("go")] },
      { type: "actions", elements: [button("go")] },
      {
        type: "context",
        elements: [md("ok"), { type: "image", image_url: `${imageBase}/ok.png`, alt_text: "a" }],
      },
    ]);
    expect(r.json.ok).toBe(true);
  });
});

describe("image downloads", () => {
  const image = (url: string) => [{ type: "image", image_url: url, alt_text: "pic" }];
  const failed = "downloading image failed [json-pointer:/blocks/0/image_url]";

  it.each([
    ["a 404", "/missing.png"],
    ["a host that refuses bots (Slack's fetcher is one)", "/bots-blocked.png"],
    ["an unsupported type (WebP)", "/pic.webp"],
  ])("an image_url Slack cannot download (%s) fails the whole message", async (_what, path) => {
    const r = await post(image(`${imageBase}${path}`));
    expect(r.json).toMatchObject({ ok: false, error: "invalid_blocks", errors: [failed] });
    expect(messages(r)).toEqual([`[ERROR] ${failed}`]);
    expect(d.messages().some((m) => JSON.stringify(m.blocks ?? "").includes(path))).toBe(false);
  });

  it("a downloadable PNG is posted; fault image_download fails the next download", async () => {
    expect((await post(image(`${imageBase}/ok.png`))).json.ok).toBe(true);
    d.fault({ method: "image_download" });
    expect((await post(image(`${imageBase}/ok.png`))).json.error).toBe("invalid_blocks");
    const update = await call("chat.update", {
      channel: "C0000001",
      ts: "1.2",
      blocks: image(`${imageBase}/x.png`),
    });
    expect(update.json.error).toBe("message_not_found"); // the message is looked up first
  });
});

describe("rate limits", () => {
  it("a Tier 4 method answers the 101st call in a minute with 429 and Retry-After", async () => {
    const r = await startSlackDouble();
    try {
      for (let k = 0; k < 100; k++)
        expect((await call("users.info", { user: "U0ADMIN" }, undefined, r)).status).toBe(200);
      const limited = await call("users.info", { user: "U0ADMIN" }, undefined, r);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(limited.json).toEqual({ ok: false, error: "ratelimited" });
    } finally {
      await r.close();
    }
  });

  it("chat.postMessage allows one message per second per channel (60 in a minute), per channel", async () => {
    const r = await startSlackDouble({ channels: [{ id: "C0000001" }, { id: "C0OTHER" }] });
    try {
      const send = (channel: string) => call("chat.postMessage", { channel, text: "x" }, undefined, r);
      for (let k = 0; k < 60; k++) expect((await send("C0000001")).status).toBe(200);
      expect((await send("C0000001")).status).toBe(429);
      expect((await send("C0OTHER")).status).toBe(200);
    } finally {
      await r.close();
    }
  });

  it("rateLimits: false opts out (benchmarks)", async () => {
    const r = await startSlackDouble({ rateLimits: false });
    try {
      for (let k = 0; k < 61; k++) {
        expect(
          (await call("chat.postMessage", { channel: "C0000001", text: "x" }, undefined, r)).status,
        ).toBe(200);
      }
    } finally {
      await r.close();
    }
  });
});
