import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID, DEFAULT_TEAM_ID, signature } from "../doubles/slack/index.js";
import { type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

let s: SlackStack;
beforeAll(async () => {
  s = await startSlackStack();
});
afterAll(() => s.close());

/** A slash command form signed with the app's real signing secret, at `now + skewS`. */
async function post(form: string, skewS = 0) {
  const ts = Math.floor(Date.now() / 1000) + skewS;
  const res = await fetch(s.eventsUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature(s.slack.options.signingSecret, ts, form),
    },
    body: form,
  });
  return { status: res.status, body: await res.text() };
}

function commandForm(fields: Array<[string, string]>, triggerId: string): string {
  const p = new URLSearchParams([
    ["command", "/imagine"],
    ["team_id", DEFAULT_TEAM_ID],
    ["user_id", "U0ADMIN"],
    ["channel_id", DEFAULT_CHANNEL_ID],
    ["response_url", `${s.slack.apiUrl.replace(/api\/$/, "")}commands/none/${triggerId}`],
    ["trigger_id", triggerId],
    ...fields,
  ]);
  return p.toString();
}

describe("Slack request guards (the real Bolt HTTP receiver)", () => {
  it("refuses requests signed more than 5 minutes in the future or past; accepts the present", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const send = async (skewSeconds: number) => {
      const r = await sender.slashCommand({ command: "/imagine", text: "help", skewSeconds });
      const answered = async () =>
        s.slack
          .waitForCall("response_url", (c) => c.target === r.responseUrlId, 1500)
          .then(() => true)
          .catch(() => false);
      return { status: r.status, answered };
    };
    for (const skew of [10 * 60, 5 * 60 + 30, -10 * 60]) {
      const r = await send(skew);
      expect(r.status).toBe(401);
      expect(await r.answered()).toBe(false);
    }
    // Within the window (a little clock skew either way) it is served.
    for (const skew of [60, 0, -60]) {
      const r = await send(skew);
      expect(r.status).toBe(200);
      expect(await r.answered()).toBe(true);
    }
  });

  it("a signed form with `text` repeated is refused with a clear reason, and nothing runs", async () => {
    const r = await post(
      commandForm(
        [
          ["text", "a red fox"],
          ["text", "--model flux"],
        ],
        "2.repeated",
      ),
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain("could not be read");
    expect(r.body).toContain("`text` must be sent once");
    expect(s.logs.text()).not.toContain("text.replace is not a function");
    expect(s.theta.count("POST", /infer_request/)).toBe(0);
  });
});
