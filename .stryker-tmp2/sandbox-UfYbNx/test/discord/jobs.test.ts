// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MP4 } from "../doubles/theta/index.js";
import { buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

let s: DiscordStack;
beforeAll(async () => {
  s = await startDiscordStack({ THETA_INFERENCE_READY_INTERVAL_MS: "100" });
});
afterAll(() => s.close());

const embedsOf = (m: { embeds: unknown[] }) => JSON.stringify(m.embeds);
const group = (name: string, sub: string, options: unknown[] = []) => [
  { name, type: 2, options: [{ name: sub, type: 1, options }] },
];

describe("Discord long jobs other than media", () => {
  it("/theta endpoint ready posts a job card and then says the endpoint is ready", async () => {
    s.theta.setWarmup([404, 502]);
    await s.discord.slashCommand({ name: "theta", options: group("endpoint", "ready") as never });
    const done = await s.discord.waitForMessage((m) => embedsOf(m).includes("is ready (3 probes"), 10_000);
    expect(embedsOf(done)).toContain("Endpoint readiness");
    expect(s.theta.count("GET", "/dedicated/v1/models")).toBe(3);
  });

  it("/theta video upload transcodes the attachment once and posts the playback links", async () => {
    const file = s.discord.hostFile("clip.mp4", MP4, "video/mp4");
    const cmd = await s.discord.slashCommand({
      name: "theta",
      options: group("video", "upload", [{ name: "file", type: 11, value: file.id }]) as never,
      attachments: { [file.id]: file },
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
    );
    await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id });
    const result = await s.discord.waitForMessage((m) => embedsOf(m).includes("master.m3u8"), 15_000);
    expect(result.attachments).toHaveLength(0);
    expect(s.theta.count("POST", "/video/video")).toBe(1);
    expect(s.theta.requests.find((r) => r.method === "PUT" && r.path.startsWith("/gcs/tva/"))?.body).toEqual({
      bytes: MP4.length,
    });
  });

  it("/theta jobs list shows this server's jobs and jobs show explains one", async () => {
    const list = await s.discord.slashCommand({ name: "theta", options: group("jobs", "list") as never });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === list.token && embedsOf(x).includes("Recent jobs"),
    );
    const id = /`(job-[^`]+|ready-[^`]+)`/.exec(embedsOf(m))?.[1];
    expect(id).toBeTruthy();
    const show = await s.discord.slashCommand({
      name: "theta",
      options: group("jobs", "show", [{ name: "id", type: 3, value: id }]) as never,
    });
    await s.discord.waitForMessage(
      (x) => x.interactionToken === show.token && embedsOf(x).includes("State:"),
    );
  });
});
