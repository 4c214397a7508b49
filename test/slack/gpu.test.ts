import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updatePolicy } from "../../src/core/policy/index.js";
import { usageHistory } from "../doubles/theta/index.js";
import { csvTotal, pngStats } from "../helpers/png.js";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

let s: SlackStack;
let prj: string;
const TEAM = "T0000001";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9kb3VibGVrZXlkb3VibGVrZXlkb3VibGU bob@laptop";
beforeAll(async () => {
  s = await startSlackStack(
    { GPU_WATCH_INTERVAL_MS: "150" },
    {
      teams: [{ id: TEAM, users: [{ id: "U0ADMIN", isAdmin: true }, { id: "U0MEMBER" }, { id: "U0OTHER" }] }],
    },
  );
  prj = s.theta.options.projectId;
});
afterAll(() => s.close());
beforeEach(async () => {
  s.theta.reset();
  await updatePolicy(
    s.app.store,
    { platform: "slack", id: TEAM },
    { tenantDailyCapUsd: null, spenderRoleIds: [] },
  );
});

const gpuPath = (tail: string) => `/controller/v1/projects/${prj}/${tail}`;
const has = (text: string) => (c: { body: unknown }) => JSON.stringify(c.body).includes(text);
const CREATE = `gpu create gpu_tpl_comfyui community_node/7 thetalabs/comfyui:latest --name art1 --max-price 0.5 --hours 2 --ssh-key "${KEY}"`;

describe("/theta gpu on Slack", () => {
  it("lists resources with prices (community ids with a slash included)", async () => {
    await s.slack
      .sender(s.eventsUrl)
      .slashCommand({ command: "/theta", text: "gpu resources", userId: "U0MEMBER" });
    const r = await s.slack.waitForCall("response_url", has("community_node/7"));
    expect(JSON.stringify(r.body)).toContain("$0.35/h");
  });

  it("create with the community ceiling → confirm (requester only) → connection details ephemeral → logs as a file → stop, delete", async () => {
    s.theta.setGpuStart({ reads: 1 });
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/theta", text: CREATE, userId: "U0MEMBER" });
    const q = await s.slack.waitForCall("response_url", has("act_confirm"));
    expect(JSON.stringify(q.body)).toMatch(
      /ceiling max_price_per_hour_usd \$0\.500\/h.*\$1\.00 counted for 2 h/,
    );
    const value = buttonValue(q.body, "act_confirm")!;
    await sender.blockAction({ actionId: "act_confirm", value, userId: "U0OTHER" });
    await s.slack.waitForCall("response_url", has("Only the person who asked"));
    expect(s.theta.count("POST", gpuPath("gpu-deployments"))).toBe(0);
    await sender.blockAction({ actionId: "act_confirm", value, userId: "U0MEMBER" });
    const secret = await s.slack.waitForCall("chat.postEphemeral", has("SSH:"), 15_000);
    expect((secret.body as { user: string }).user).toBe("U0MEMBER");
    const post = s.theta.requests.find((r) => r.method === "POST" && r.path === gpuPath("gpu-deployments"))!;
    expect(post.body).toMatchObject({
      resource_id: "community_node/7",
      max_price_per_hour_usd: 0.5,
      name: "art1",
    });
    for (const m of s.slack.messages())
      if (!m.ephemeralUser) expect(JSON.stringify(m)).not.toMatch(/gpu\.double/);
    const id = /gpud_[a-z0-9]+/.exec(JSON.stringify(secret.body))![0];

    await sender.slashCommand({ command: "/theta", text: `gpu logs ${id}`, userId: "U0MEMBER" });
    await s.slack.waitForCall("files.completeUploadExternal", has(`logs of GPU Node ${id}`), 10_000);
    const file = s.slack.files().find((f) => f.filename === `logs-${id}.txt`)!;
    expect(file.bytes.toString("utf8").split("\n")).toHaveLength(240);

    for (const action of ["stop", "delete"]) {
      await sender.slashCommand({ command: "/theta", text: `gpu ${action} ${id}`, userId: "U0MEMBER" });
      const c = await s.slack.waitForCall(
        "response_url",
        (x) => has("act_confirm")(x) && has(`${action === "stop" ? "Stop" : "Delete"} GPU Node`)(x),
      );
      if (action === "delete") expect(JSON.stringify(c.body)).toContain("permanent");
      await sender.blockAction({
        actionId: "act_confirm",
        value: buttonValue(c.body, "act_confirm")!,
        userId: "U0MEMBER",
      });
      await s.slack.waitForCall(
        "response_url",
        has(`✅ ${action === "stop" ? "Stop" : "Delete"} GPU Node ${id}`),
      );
    }
    expect(s.theta.count("DELETE", gpuPath(`gpu-deployments/${id}`))).toBe(1);
  });

  it("without --ssh-key a dialog asks for the key; its submit brings the private quote", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({
      command: "/theta",
      text: "gpu create gpu_tpl_pytorch h100_80gb_x1 thetalabs/pytorch:2.5-cuda12.4 --name dlg1",
      userId: "U0MEMBER",
    });
    const open = await s.slack.waitForCall("views.open", () => true, 5000);
    const view = (open.body as { view: string | { private_metadata: string } }).view;
    const meta = (typeof view === "string" ? JSON.parse(view) : view).private_metadata as string;
    await sender.viewSubmission({
      callbackId: "gpu_ssh_key",
      privateMetadata: meta,
      userId: "U0OTHER",
      values: { ssh_key: { value: KEY } },
    });
    await s.slack.waitForCall("chat.postEphemeral", has("Only the person who asked"));
    await sender.viewSubmission({
      callbackId: "gpu_ssh_key",
      privateMetadata: meta,
      userId: "U0MEMBER",
      values: { ssh_key: { value: KEY } },
    });
    const quote = await s.slack.waitForCall(
      "chat.postEphemeral",
      (c) => has("act_confirm")(c) && has("dlg1")(c),
    );
    expect((quote.body as { user: string }).user).toBe("U0MEMBER");
    expect(JSON.stringify(quote.body)).toContain("$2.49 per hour");
    expect(s.theta.count("POST", gpuPath("gpu-deployments"))).toBe(0);
  });

  it("a member without a spender role is refused; the workspace cap is enforced", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await updatePolicy(s.app.store, { platform: "slack", id: TEAM }, { spenderRoleIds: ["S0SPENDERS"] });
    await sender.slashCommand({ command: "/theta", text: CREATE, userId: "U0MEMBER" });
    await s.slack.waitForCall("response_url", has("spender role"));
    await updatePolicy(
      s.app.store,
      { platform: "slack", id: TEAM },
      { spenderRoleIds: [], tenantDailyCapUsd: 0.5 },
    );
    await sender.slashCommand({ command: "/theta", text: CREATE, userId: "U0MEMBER" });
    await s.slack.waitForCall("response_url", has("daily Theta budget"));
    expect(s.theta.count("POST", gpuPath("gpu-deployments"))).toBe(0);
  });

  it("/theta usage uploads a PNG that is not blank and a CSV matching the double's usage rows", async () => {
    await s.slack
      .sender(s.eventsUrl)
      .slashCommand({ command: "/theta", text: "usage 60 --by member", userId: "U0MEMBER" });
    const done = await s.slack.waitForCall("files.completeUploadExternal", has("Theta usage"), 20_000);
    const png = s.slack.files().find((f) => f.filename.endsWith(".png"))!;
    const csv = s.slack
      .files()
      .find((f) => f.filename.endsWith(".csv"))!
      .bytes.toString("utf8");
    const stats = pngStats(png.bytes);
    expect(stats.width).toBeGreaterThan(1000);
    expect(stats.inked).toBeGreaterThan(stats.width * stats.height * 0.05);
    const today = new Date().toISOString().slice(0, 10);
    const start = new Date(Date.parse(`${today}T00:00:00Z`) - 59 * 86_400_000).toISOString().slice(0, 10);
    const rows = usageHistory(today).filter((r) => r.date >= start);
    const expected = rows.reduce((a, r) => a + r.amount_usd, 0);
    expect(csvTotal(csv, "all")).toBeCloseTo(expected, 3);
    expect(csvTotal(csv, "storage")).toBeCloseTo(
      rows.filter((r) => r.category === "storage").reduce((a, r) => a + r.amount_usd, 0),
      3,
    );
    expect(JSON.stringify(done.body)).toContain(`total $${expected.toFixed(2)}`);
  });

  it("/theta topups and /theta pricing answer as tables", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/theta", text: "topups 2" });
    const t = await s.slack.waitForCall("response_url", has("Top-ups"));
    expect(JSON.stringify(t.body)).toMatch(/date\s+amount\s+status/);
    await sender.slashCommand({ command: "/theta", text: "pricing" });
    const p = await s.slack.waitForCall("response_url", has("Theta pricing"));
    expect(JSON.stringify(p.body)).toContain("storage.per_gb_month_usd");
  });
});
