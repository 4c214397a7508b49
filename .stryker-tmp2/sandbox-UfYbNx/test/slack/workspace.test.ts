// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

describe("Slack workspaces, credentials and transports", () => {
  let s: SlackStack;
  beforeAll(async () => {
    s = await startSlackStack(
      { THETA_SHARED_CREDENTIALS: "deny", THETA_ONDEMAND_API_TOKEN: undefined },
      {
        teams: [
          { id: "T0000001", users: [{ id: "U0ADMIN", isAdmin: true }, { id: "U0MEMBER" }] },
          { id: "T0000099", users: [{ id: "U9MEMBER" }] },
        ],
      },
    );
  });
  afterAll(() => s.close());

  it("a member cannot open /theta setup (checked with users.info); an admin gets the modal", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/theta", text: "setup ondemand", userId: "U0MEMBER" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("workspace admin"));
    expect(s.slack.count("views.open")).toBe(0);
    await sender.slashCommand({ command: "/theta", text: "setup ondemand", userId: "U0ADMIN" });
    await s.slack.waitForCall("views.open");
  });

  it("a submitted setup modal is probed, stored encrypted and never echoed; a member's submission is refused", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const token = s.theta.options.ondemandToken;
    const values = { token: { value: token } };
    await sender.viewSubmission({
      callbackId: "setup",
      privateMetadata: "ondemand",
      userId: "U0MEMBER",
      values,
    });
    await s.slack.waitForCall("chat.postMessage", (c) => JSON.stringify(c.body).includes("workspace admin"));
    expect(await s.app.tenantCredentials.families({ platform: "slack", id: "T0000001" })).toEqual([]);
    await sender.viewSubmission({
      callbackId: "setup",
      privateMetadata: "ondemand",
      userId: "U0ADMIN",
      values,
    });
    await s.slack.waitForCall("chat.postMessage", (c) =>
      JSON.stringify(c.body).includes("Credentials saved"),
    );
    expect(await s.app.tenantCredentials.families({ platform: "slack", id: "T0000001" })).toEqual([
      "ondemand",
    ]);
    expect(JSON.stringify(s.slack.calls)).not.toContain(token);
    expect(await s.app.store.get("creds:slack:T0000001:ondemand")).not.toContain(token);
  });

  it("another workspace never uses this one's credentials", async () => {
    const before = s.theta.count("POST", /infer_request/);
    await s.slack
      .sender(s.eventsUrl)
      .slashCommand({ command: "/imagine", text: "other team fox", teamId: "T0000099", userId: "U9MEMBER" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("/theta setup"));
    expect(s.theta.count("POST", /infer_request/)).toBe(before);
  });

  it("an output over MEDIA_MAX_BYTES is posted as a link, not uploaded", async () => {
    const big = await startSlackStack({ MEDIA_MAX_BYTES: "100000" });
    try {
      big.theta.setOutputBytes("flux", 500_000);
      const sender = big.slack.sender(big.eventsUrl);
      await sender.slashCommand({ command: "/imagine", text: "huge fox" });
      const call = await big.slack.waitForCall("response_url", (c) =>
        JSON.stringify(c.body).includes("act_confirm"),
      );
      await sender.blockAction({ actionId: "act_confirm", value: buttonValue(call.body, "act_confirm")! });
      await big.slack.waitForCall(
        "chat.update",
        (c) => JSON.stringify(c.body).includes("Open the output"),
        15_000,
      );
      expect(big.slack.count("files.getUploadURLExternal")).toBe(0);
    } finally {
      await big.close();
    }
  });

  it("dry run shows the request and sends nothing to Theta", async () => {
    const dry = await startSlackStack({ THETA_DRY_RUN: "1" });
    try {
      await dry.slack.sender(dry.eventsUrl).slashCommand({ command: "/imagine", text: "preview fox" });
      const call = await dry.slack.waitForCall("response_url", (c) =>
        JSON.stringify(c.body).includes("Dry run"),
      );
      expect(JSON.stringify(call.body)).toContain("/infer_request/flux");
      expect(dry.theta.requests.filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      await dry.close();
    }
  });
});

describe("Slack Socket Mode", () => {
  let s: SlackStack;
  beforeAll(async () => {
    s = await startSlackStack({}, { socket: true });
    await s.slack.socket.waitForConnection();
  });
  afterAll(() => s.close());

  it("delivers a command end to end over the WebSocket", async () => {
    const { body } = s.slack.payloads.slashCommand({ command: "/theta", text: "balance" });
    const ack = await s.slack.socket.dispatch({ type: "slash_commands", payload: body });
    expect(ack.envelope_id).toBeTruthy();
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("3421.30"));
  });
});

describe("Slack /theta cloud operations", () => {
  let s: SlackStack;
  beforeAll(async () => {
    s = await startSlackStack();
  });
  afterAll(() => s.close());

  it("deployments: create is quoted and confirmed; stop needs an admin", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/theta", text: "deployments create img_testtemplate vm_gt1" });
    const q = await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("per hour"));
    await sender.blockAction({ actionId: "act_confirm", value: buttonValue(q.body, "act_confirm")! });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("✅ Create deployment img_testtemplate"),
    );
    expect(s.theta.count("POST", "/controller/deployment")).toBe(1);
    const dep = s.theta.requests.find((r) => r.method === "POST" && r.path === "/controller/deployment");
    expect(dep?.body).toMatchObject({ deployment_template_id: "img_testtemplate", vm_id: "vm_gt1" });
    await sender.slashCommand({ command: "/theta", text: "deployments stop 1 abc123", userId: "U0MEMBER" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("workspace admin"));
    expect(s.theta.count("PUT", /\/stop$/)).toBe(0);
  });

  it("endpoint models and video list answer from the operator's credentials", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/theta", text: "endpoint models" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("Endpoint models"));
    await sender.slashCommand({ command: "/theta", text: "video list" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("*Videos*"));
  });
});
