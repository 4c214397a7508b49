// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

describe("multi-workspace Slack (OAuth)", () => {
  let s: SlackStack;
  let base: string;
  beforeAll(async () => {
    s = await startSlackStack({}, { multi: true });
    base = s.eventsUrl.replace("/slack/events", "");
  });
  afterAll(() => s.close());

  it("installs through /slack/install, stores the bot token encrypted, serves the workspace, and forgets it on uninstall", async () => {
    s.slack.options.redirectUri = `${base}/slack/oauth_redirect`;
    const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
    expect(install.status).toBe(302);
    const cookie = install.headers.get("set-cookie")?.split(";")[0] ?? "";
    // Bolt sends the browser to SLACK_OAUTH_AUTHORIZE_URL: the double's authorize page stands in for Slack's.
    const approve = await fetch(install.headers.get("location") ?? "", { redirect: "manual" });
    expect(approve.status).toBe(302);
    const callback = await fetch(approve.headers.get("location") ?? "", { headers: { cookie } });
    expect(callback.status).toBe(200);

    const team = s.slack.options.teams.at(-1)!;
    const key = `slack:install:-:${team.id}`;
    const sealed = await s.app.store.get(key);
    expect(sealed).toBeTruthy();
    expect(sealed).not.toContain(team.botToken);

    const sender = s.slack.sender(s.eventsUrl);
    await sender.slashCommand({ command: "/imagine", text: "installed fox", teamId: team.id });
    const q = await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("installed fox"),
    );
    await sender.blockAction({
      actionId: "act_confirm",
      value: buttonValue(q.body, "act_confirm")!,
      teamId: team.id,
    });
    const card = await s.slack.waitForCall(
      "chat.postMessage",
      (c) => JSON.stringify(c.body).includes("installed fox"),
      10_000,
    );
    expect(card.token).toBe(team.botToken);

    await sender.event({ type: "app_uninstalled", teamId: team.id });
    for (let k = 0; k < 50 && (await s.app.store.get(key)); k++) await new Promise((r) => setTimeout(r, 20));
    expect(await s.app.store.get(key)).toBeNull();
  });
});
