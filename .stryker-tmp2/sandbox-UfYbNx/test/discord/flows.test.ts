// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN_PERMS, buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";

let s: DiscordStack;
beforeAll(async () => {
  // Jobs take about 2.5 s here, so tests can act on a running job's card.
  s = await startDiscordStack({}, { inferTiming: { pendingMs: 2000, processingMs: 500 } });
});
afterAll(() => s.close());
beforeEach(() => {
  s.theta.reset();
  s.discord.clearFaults();
});

const embedsOf = (m: { embeds: unknown[] }) => JSON.stringify(m.embeds);
const waitText = (pred: (text: string) => boolean, timeoutMs = 10_000) =>
  s.discord.waitForMessage((m) => pred(embedsOf(m) + m.content), timeoutMs);

async function startImagine(prompt: string, click: Record<string, unknown> = {}) {
  const cmd = await s.discord.slashCommand({
    name: prompt.startsWith("/video") ? "video" : "imagine",
    options: [{ name: "prompt", type: 3, value: prompt }],
  });
  const card = await s.discord.waitForMessage(
    (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
  );
  const btn = await s.discord.button({
    customId: buttonId(card, "act:confirm:")!,
    messageId: card.id,
    ...click,
  });
  return { cmd, card, btn };
}

describe("Discord flows", () => {
  it("an expired confirmation is refused and nothing is charged", async () => {
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "late" }],
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
    );
    const actionId = buttonId(card, "act:confirm:")!.split(":")[2]!;
    const raw = (await s.app.store.get(`action:${actionId}`))!;
    await s.app.store.set(
      `action:${actionId}`,
      JSON.stringify({ ...JSON.parse(raw), expiresAt: Date.now() - 1 }),
    );
    const click = await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id });
    await s.discord.waitForMessage((m) => m.interactionId === click.id && embedsOf(m).includes("expired"));
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
  });

  it("Cancel on the quote sends nothing", async () => {
    const cmd = await s.discord.slashCommand({
      name: "imagine",
      options: [{ name: "prompt", type: 3, value: "never mind" }],
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === cmd.token && buttonId(m, "act:cancel:") !== undefined,
    );
    await s.discord.button({ customId: buttonId(card, "act:cancel:")!, messageId: card.id });
    await waitText((t) => t.includes("nothing was charged"));
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
  });

  it("someone else cannot cancel a running job; the requester can, and is told Theta may still bill it", async () => {
    const { btn } = await startImagine("cancel me");
    await s.discord.waitForCallback(btn.id);
    const jobCard = await s.discord.waitForMessage(
      (m) => buttonId(m, "job:cancel:") !== undefined && embedsOf(m).includes("cancel me"),
    );
    const cancelId = buttonId(jobCard, "job:cancel:")!;
    const other = await s.discord.button({
      customId: cancelId,
      messageId: jobCard.id,
      user: { id: "499999999999999999" },
    });
    await s.discord.waitForMessage(
      (m) => m.interactionId === other.id && embedsOf(m).includes("Only the person who started"),
    );
    await s.discord.button({ customId: cancelId, messageId: jobCard.id });
    await waitText((t) => t.includes("may still finish and be billed") || t.includes("nothing was charged"));
  });

  it("a job finishing after the 14-minute window is posted to the channel with the bot token", async () => {
    const { btn } = await startImagine("slow fox");
    await s.discord.waitForCallback(btn.id);
    const jobCard = await s.discord.waitForMessage(
      (m) => buttonId(m, "job:cancel:") !== undefined && embedsOf(m).includes("slow fox"),
    );
    const jobId = buttonId(jobCard, "job:cancel:")!.split(":")[2]!;
    // Move the card's interaction 15 minutes into the past, as if the job had run that long.
    let raw = await s.app.store.get(`discord:card:${jobId}`);
    while (!raw) {
      await new Promise((r) => setTimeout(r, 10)); // the card is recorded right after it is posted
      raw = await s.app.store.get(`discord:card:${jobId}`);
    }
    await s.app.store.set(
      `discord:card:${jobId}`,
      JSON.stringify({ ...JSON.parse(raw), createdAt: Date.now() - 15 * 60 * 1000 }),
    );
    const posted = await s.discord.waitForMessage(
      (m) => m.kind === "channel" && m.attachments.length > 0,
      15_000,
    );
    expect(posted.content).toContain("<@");
    const channelCall = s.discord.calls.find(
      (c) => c.method === "POST" && /\/channels\/\d+\/messages$/.test(c.path),
    );
    expect(channelCall?.headers.authorization).toMatch(/^Bot /);
  });

  it("an output over the interaction's attachment limit is delivered as a link", async () => {
    s.theta.setOutputBytes("step_video", 3_000_000);
    const { btn } = await startImagine("/video a cat surfing", { attachmentSizeLimit: 1_000_000 });
    await s.discord.waitForCallback(btn.id);
    const result = await waitText((t) => t.includes("Open the output"), 20_000);
    expect(result.attachments).toHaveLength(0);
    expect(embedsOf(result)).toMatch(/\/outputs\//);
  });

  it("a 429 from Discord is survived: the result still arrives", async () => {
    s.discord.fault({ method: "PATCH", path: /\/webhooks\//, status: 429, retryAfterSeconds: 0.2, times: 1 });
    const { btn } = await startImagine("rate limited fox");
    await s.discord.waitForCallback(btn.id);
    const result = await s.discord.waitForMessage(
      (m) => m.attachments.length > 0 && embedsOf(m).includes("rate limited fox"),
      15_000,
    );
    expect(result.attachments[0]!.data.length).toBeGreaterThan(0);
    expect(s.discord.calls.some((c) => c.status === 429)).toBe(true);
  });

  it("/theta balance answers with the balance", async () => {
    s.theta.setBalance(1234.5);
    const cmd = await s.discord.slashCommand({ name: "theta", options: [{ name: "balance", type: 1 }] });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("1234.50"),
    );
    expect(m.flags & 64).toBe(64);
  });

  it("deployments: create (quoted from the machine catalog, confirmed), stop and delete round trip", async () => {
    const create = await s.discord.slashCommand({
      name: "theta",
      options: [
        {
          name: "deployments",
          type: 2,
          options: [
            {
              name: "create",
              type: 1,
              options: [
                { name: "template", type: 3, value: "img_testtemplate" },
                { name: "machine", type: 3, value: "vm_gt1" },
              ],
            },
          ],
        },
      ],
    });
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === create.token && buttonId(m, "act:confirm:") !== undefined,
    );
    expect(embedsOf(card)).toMatch(/per hour/);
    await s.discord.button({ customId: buttonId(card, "act:confirm:")!, messageId: card.id });
    await waitText((t) => t.includes("✅ Create deployment img_testtemplate"));
    expect(s.theta.count("POST", "/controller/deployment")).toBe(1);
    const created = s.theta.requests.find((r) => r.method === "POST" && r.path === "/controller/deployment")!;
    expect(created.body).toMatchObject({ deployment_template_id: "img_testtemplate", vm_id: "vm_gt1" });
    const list = (await (
      await fetch(`${s.theta.baseUrls.controller}/deployment/list?project_id=${s.theta.options.projectId}`, {
        headers: { "x-api-key": s.theta.options.apiKey, "user-agent": "Mozilla/5.0" },
      })
    ).json()) as { body: Array<{ Shard: number; Suffix: string; TemplateName: string }> };
    const dep = list.body.at(-1)!;
    for (const action of ["stop", "delete"]) {
      const opts = [
        {
          name: action,
          type: 1,
          options: [
            { name: "shard", type: 4, value: dep.Shard },
            { name: "suffix", type: 3, value: dep.Suffix },
          ],
        },
      ];
      const member = await s.discord.slashCommand({
        name: "theta",
        options: [{ name: "deployments", type: 2, options: opts }],
      });
      await s.discord.waitForMessage(
        (m) => m.interactionToken === member.token && embedsOf(m).includes("Manage Server"),
      );
      const admin = await s.discord.slashCommand({
        name: "theta",
        memberPermissions: ADMIN_PERMS,
        options: [{ name: "deployments", type: 2, options: opts }],
      });
      await s.discord.waitForMessage(
        (m) =>
          m.interactionToken === admin.token &&
          embedsOf(m).includes(action === "stop" ? "Stopped" : "Deleted"),
      );
    }
    expect(s.theta.count("PUT", `/controller/deployment/${dep.Shard}/${dep.Suffix}/stop`)).toBe(1);
    expect(s.theta.count("DELETE", `/controller/deployment/${dep.Shard}/${dep.Suffix}`)).toBe(1);
  });
});
