import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updatePolicy } from "../../src/core/policy/index.js";
import { usageHistory } from "../doubles/theta/index.js";
import { ADMIN_PERMS, buttonId, type DiscordStack, startDiscordStack } from "../helpers/discord-stack.js";
import { csvTotal, pngStats } from "../helpers/png.js";

let s: DiscordStack;
let prj: string;
const GUILD = "200000000000000001";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9kb3VibGVrZXlkb3VibGVrZXlkb3VibGU alice@laptop";
beforeAll(async () => {
  s = await startDiscordStack({ GPU_WATCH_INTERVAL_MS: "150", GPU_START_DEADLINE_MS: "20000" });
  prj = s.theta.options.projectId;
});
afterAll(() => s.close());
beforeEach(async () => {
  s.theta.reset();
  await updatePolicy(
    s.app.store,
    { platform: "discord", id: GUILD },
    { tenantDailyCapUsd: null, spenderRoleIds: [], gpuMaxHours: null, gpuAutoStop: false },
  );
});

const embedsOf = (m: { embeds: unknown[] }) => JSON.stringify(m.embeds);
const gpuPath = (tail: string) => `/controller/v1/projects/${prj}/${tail}`;
const sub = (name: string, options: Array<{ name: string; type: number; value: unknown }> = []) => [
  { name, type: 1, options },
];

async function gpu(
  name: string,
  options: Array<{ name: string; type: number; value: unknown }> = [],
  extra = {},
) {
  return s.discord.slashCommand({ name: "gpu", options: sub(name, options), ...extra });
}

const CREATE = [
  { name: "template", type: 3, value: "gpu_tpl_pytorch" },
  { name: "resource", type: 3, value: "h100_80gb_x1" },
  { name: "image", type: 3, value: "thetalabs/pytorch:2.5-cuda12.4" },
  { name: "name", type: 3, value: "train1" },
];

/** /gpu create → modal → SSH key → the confirmation card. */
async function createCard(extra: Record<string, unknown> = {}) {
  const cmd = await gpu("create", CREATE, extra);
  const cb = await s.discord.waitForCallback(cmd.id);
  expect(cb.type).toBe(9);
  const submit = await s.discord.modalSubmit({
    customId: `gpu:${cmd.id}`,
    fields: { ssh_key: KEY },
    ...extra,
  });
  return { cmd, submit };
}

describe("/gpu on Discord", () => {
  it("lists resources with prices, and autocompletes resources (with prices) and the template's images", async () => {
    const cmd = await gpu("resources");
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("h100"),
    );
    expect(embedsOf(m)).toContain("$2.49/h");
    expect(m.flags & 64).toBe(64);
    const ac = await s.discord.autocomplete({
      name: "gpu",
      options: [
        { name: "create", type: 1, options: [{ name: "resource", type: 3, value: "h100", focused: true }] },
      ],
    });
    const choices = (
      (await s.discord.waitForCallback(ac.id)).data as { choices: Array<{ name: string; value: string }> }
    ).choices;
    expect(choices).toEqual([
      { name: "H100 80GB ×1 · $2.49/h · us-west-1, eu-central-1", value: "h100_80gb_x1" },
    ]);
    const img = await s.discord.autocomplete({
      name: "gpu",
      options: [
        {
          name: "create",
          type: 1,
          options: [
            { name: "template", type: 3, value: "gpu_tpl_cuda" },
            { name: "image", type: 3, value: "", focused: true },
          ],
        },
      ],
    });
    const images = ((await s.discord.waitForCallback(img.id)).data as { choices: Array<{ value: string }> })
      .choices;
    expect(images.map((c) => c.value)).toEqual(["nvidia/cuda:12.4.1-devel-ubuntu22.04"]);
  });

  it("create → confirm (requester only) → running: connection details privately, card with cost so far, logs attached, stop and delete confirmed", async () => {
    s.theta.setGpuStart({ reads: 2 });
    const { submit } = await createCard();
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === submit.token && buttonId(m, "act:confirm:") !== undefined,
    );
    expect(embedsOf(card)).toMatch(/\$2\.49 per hour/);
    const confirm = buttonId(card, "act:confirm:")!;
    // The quote is ephemeral: Discord shows its Confirm to the requester only (nobody else can click it).
    expect(card.flags & 64).toBe(64);
    await expect(
      s.discord.button({ customId: confirm, messageId: card.id, user: { id: "499999999999999999" } }),
    ).rejects.toThrow(/ephemeral/);
    expect(s.theta.count("POST", gpuPath("gpu-deployments"))).toBe(0);
    const click = await s.discord.button({ customId: confirm, messageId: card.id });
    const secret = await s.discord.waitForMessage(
      (m) => m.interactionToken === click.token && embedsOf(m).includes("SSH:"),
      15_000,
    );
    expect(secret.flags & 64).toBe(64);
    expect(embedsOf(secret)).toMatch(/ssh root@gpud_\w+\.gpu\.double\.thetaedgecloud\.com -p \d+/);
    expect(s.theta.count("POST", gpuPath("gpu-deployments"))).toBe(1);
    // Nothing with the SSH address went to the channel or to a non-ephemeral message.
    for (const m of s.discord.messages())
      if (!(m.flags & 64)) expect(embedsOf(m) + m.content).not.toMatch(/gpu\.double/);
    const id = /gpud_[a-z0-9]+/.exec(embedsOf(secret))![0];
    await s.discord.waitForMessage((m) => embedsOf(m).includes("so far") && embedsOf(m).includes(id), 10_000);

    // /gpu show: connection details for the requester only.
    const mine = await gpu("show", [{ name: "id", type: 3, value: id }]);
    const mineMsg = await s.discord.waitForMessage(
      (m) => m.interactionToken === mine.token && embedsOf(m).includes("Status"),
    );
    expect(embedsOf(mineMsg)).toContain("SSH:");
    const theirs = await gpu("show", [{ name: "id", type: 3, value: id }], {
      user: { id: "499999999999999999" },
    });
    const theirsMsg = await s.discord.waitForMessage(
      (m) => m.interactionToken === theirs.token && embedsOf(m).includes("Status"),
    );
    expect(embedsOf(theirsMsg)).not.toContain("SSH:");
    expect(embedsOf(theirsMsg)).toContain("shown to the member who started it");

    const logs = await gpu("logs", [{ name: "id", type: 3, value: id }]);
    const logMsg = await s.discord.waitForMessage(
      (m) => m.interactionToken === logs.token && m.attachments.length > 0,
    );
    expect(logMsg.attachments[0]!.filename).toBe(`logs-${id}.txt`);
    expect(logMsg.attachments[0]!.data.toString("utf8").split("\n")).toHaveLength(240);

    for (const action of ["stop", "delete"] as const) {
      const cmd = await gpu(action, [{ name: "id", type: 3, value: id }]);
      const c = await s.discord.waitForMessage(
        (m) => m.interactionToken === cmd.token && buttonId(m, "act:confirm:") !== undefined,
      );
      if (action === "delete") expect(embedsOf(c)).toMatch(/permanent/);
      await s.discord.button({ customId: buttonId(c, "act:confirm:")!, messageId: c.id });
      await s.discord.waitForMessage((m) =>
        embedsOf(m).includes(`✅ ${action === "stop" ? "Stop" : "Delete"} GPU Node ${id}`),
      );
    }
    expect(s.theta.count("POST", gpuPath(`gpu-deployments/${id}/stop`))).toBe(1);
    expect(s.theta.count("DELETE", gpuPath(`gpu-deployments/${id}`))).toBe(1);
    const ended = await s.discord.waitForMessage((m) => embedsOf(m).includes(`GPU Node ${id} was`), 10_000);
    expect(embedsOf(ended)).toMatch(/running, about \$\d+\.\d\d at \$2\.49\/h/);
  });

  it("a member without the spender role is refused before the modal; nothing reaches Theta", async () => {
    await updatePolicy(
      s.app.store,
      { platform: "discord", id: GUILD },
      { spenderRoleIds: ["210000000000000009"] },
    );
    const cmd = await gpu("create", CREATE);
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && embedsOf(x).includes("spender role"),
    );
    expect(m.flags & 64).toBe(64);
    expect(s.theta.count("*", /gpu-deployments/)).toBe(0);
  });

  it("the server's daily cap counts the hourly price for the expected hours", async () => {
    await updatePolicy(s.app.store, { platform: "discord", id: GUILD }, { tenantDailyCapUsd: 5 });
    const { submit } = await createCard();
    const card = await s.discord.waitForMessage(
      (m) => m.interactionToken === submit.token && buttonId(m, "act:confirm:") !== undefined,
    );
    expect(embedsOf(card)).toContain("counted for 1 h");
    const three = await gpu("create", [...CREATE, { name: "hours", type: 10, value: 3 }]);
    await s.discord.waitForCallback(three.id);
    const sub3 = await s.discord.modalSubmit({ customId: `gpu:${three.id}`, fields: { ssh_key: KEY } });
    const refused = await s.discord.waitForMessage(
      (m) => m.interactionToken === sub3.token && embedsOf(m).includes("daily Theta budget"),
    );
    expect(embedsOf(refused)).toContain("$7.47");
    expect(s.theta.count("POST", gpuPath("gpu-deployments"))).toBe(0);
  });

  it("/theta usage posts a PNG chart that is not blank and a CSV whose totals are the double's usage rows", async () => {
    const cmd = await s.discord.slashCommand({
      name: "theta",
      memberPermissions: ADMIN_PERMS,
      options: [{ name: "usage", type: 1, options: [{ name: "days", type: 4, value: 90 }] }],
    });
    const m = await s.discord.waitForMessage(
      (x) => x.interactionToken === cmd.token && x.attachments.length === 2,
      20_000,
    );
    const png = m.attachments.find((a) => a.filename.endsWith(".png"))!;
    const csv = m.attachments.find((a) => a.filename.endsWith(".csv"))!.data.toString("utf8");
    const stats = pngStats(png.data);
    expect(stats.width).toBeGreaterThan(1000);
    expect(stats.height).toBeGreaterThan(400);
    expect(stats.inked).toBeGreaterThan(stats.width * stats.height * 0.05);
    expect(stats.colours).toBeGreaterThan(10);
    const expected = usageHistory(new Date().toISOString().slice(0, 10)).reduce(
      (a, r) => a + r.amount_usd,
      0,
    );
    expect(csvTotal(csv, "all")).toBeCloseTo(expected, 3);
    expect(embedsOf(m)).toContain(`total $${expected.toFixed(2)}`);
  });
});

describe("/gpu under THETA_DRY_RUN", () => {
  it("create, start, stop and delete show the request they would send; nothing reaches Theta", async () => {
    const dry = await startDiscordStack({ THETA_DRY_RUN: "1" });
    try {
      const create = await dry.discord.slashCommand({ name: "gpu", options: sub("create", CREATE) });
      await dry.discord.waitForCallback(create.id);
      const submit = await dry.discord.modalSubmit({
        customId: `gpu:${create.id}`,
        fields: { ssh_key: KEY },
      });
      const preview = await dry.discord.waitForMessage(
        (m) => m.interactionToken === submit.token && embedsOf(m).includes("Dry run"),
      );
      expect(embedsOf(preview)).toContain("/gpu-deployments");
      expect(embedsOf(preview)).toContain("$2.49 per hour");
      for (const action of ["start", "stop", "delete"]) {
        const cmd = await dry.discord.slashCommand({
          name: "gpu",
          options: sub(action, [{ name: "id", type: 3, value: "gpud/x" }]),
        });
        const m = await dry.discord.waitForMessage(
          (x) => x.interactionToken === cmd.token && embedsOf(x).includes("Dry run"),
        );
        expect(embedsOf(m)).toContain("gpud%2Fx");
      }
      expect(dry.theta.requests.filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      await dry.close();
    }
  });
});
