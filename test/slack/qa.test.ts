import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updatePolicy } from "../../src/core/policy/index.js";
import { NOT_FOUND } from "../../src/core/qa/service.js";
import type { ApiCall } from "../doubles/slack/types.js";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

const TEAM = "T0000001";
const CHANNEL = "C0000001";
const SUPPORT = "C0SUPPORT";
const BOT = "U0BOT0000001";

let s: SlackStack;
beforeAll(async () => {
  s = await startSlackStack(
    { THETA_INFERENCE_ENDPOINT: undefined, QA_STREAM_EDIT_MS: "300", QA_USER_PER_MINUTE: "100" },
    { inferTiming: { pendingMs: 20, processingMs: 1200 } },
  );
  // A public channel the bot was not added to: it posts there with chat:write.public.
  s.slack.addChannel({ id: SUPPORT, name: "support", botIsMember: false });
});
afterAll(() => s.close());

const body = (c: ApiCall) => c.body as { channel?: string; ts?: string; thread_ts?: string; text?: string };
/** The final chat.update of the answer posted in this thread (it carries the qa_human button). */
async function finalIn(threadTs: string): Promise<ApiCall> {
  await s.slack.waitForCall(
    "chat.postMessage",
    (c) => body(c).thread_ts === threadTs && body(c).text === "Thinking…",
    15_000,
  );
  const ts = s.slack.messages({ thread_ts: threadTs }).find((m) => m.ts !== threadTs)?.ts;
  return s.slack.waitForCall(
    "chat.update",
    (c) => body(c).ts === ts && buttonValue(c.body, "qa_human") !== undefined,
    15_000,
  );
}

async function askPublic(question: string): Promise<{ parentTs: string; answer: ApiCall }> {
  await s.slack.sender(s.eventsUrl).slashCommand({ command: "/ask", text: question });
  const parent = await s.slack.waitForCall(
    "chat.postMessage",
    (c) => body(c).text?.endsWith(`asked: ${question}`) ?? false,
  );
  const parentTs = s.slack.messages({ channel: CHANNEL }).find((m) => m.text === body(parent).text)!.ts;
  return { parentTs, answer: await finalIn(parentTs) };
}

describe("Slack support Q&A", () => {
  it("/ask posts the question, answers in its thread with the source, streaming updates no faster than the throttle", async () => {
    const { answer } = await askPublic("How do I set up my keys for the bot?");
    const text = JSON.stringify(answer.body);
    expect(text).toMatch(/runs \/theta setup with the family.*\[1\]/);
    expect(text).toContain("*Sources*\\n[1] Setting up theta-bot › Add the keys to your server or workspace");
    expect(buttonValue(answer.body, "qa_up")).toBeDefined();
    const ts = body(answer).ts;
    const updates = s.slack.calls.filter((c) => c.method === "chat.update" && body(c).ts === ts);
    expect(updates.filter((c) => body(c).text?.endsWith("▌")).length).toBeGreaterThanOrEqual(2);
    for (let n = 1; n < updates.length; n++)
      // 300 ms apart when sent; arrival can bunch by a few tens of ms on a loaded machine.
      expect(updates[n]!.time - updates[n - 1]!.time).toBeGreaterThanOrEqual(240);
  });

  it("a follow-up in the thread (no mention) keeps its context; another thread does not see it", async () => {
    const { parentTs } = await askPublic("How do I set up my keys for the bot?");
    const sender = s.slack.sender(s.eventsUrl);
    await sender.event({ type: "message", text: "How do I check that it works?", threadTs: parentTs });
    const follow = await s.slack.waitForCall(
      "chat.update",
      (c) =>
        JSON.stringify(c.body).includes("Following up on") && buttonValue(c.body, "qa_human") !== undefined,
      15_000,
    );
    expect(JSON.stringify(follow.body)).toContain(
      'Following up on \\"How do I set up my keys for the bot?\\"',
    );
    // A mention in an unrelated thread starts its own conversation.
    await sender.event({
      type: "app_mention",
      text: `<@${BOT}> How do I check that it works?`,
      threadTs: "1700000000.000100",
    });
    const other = await finalIn("1700000000.000100");
    expect(JSON.stringify(other.body)).not.toContain("Following up");
  });

  it("a retried mention event is answered once", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    const ev = {
      type: "app_mention",
      text: `<@${BOT}> how do I cancel a job?`,
      ts: "1700000001.000200",
      eventId: "EvRetry1",
    };
    await sender.event(ev);
    await sender.event({ ...ev, retryNum: 1 });
    await finalIn("1700000001.000200");
    const thinking = s.slack.calls.filter(
      (c) => c.method === "chat.postMessage" && body(c).thread_ts === "1700000001.000200",
    );
    expect(thinking).toHaveLength(1);
  });

  it("an unanswerable question gets the not-found reply; Ask a human posts it to the support channel", async () => {
    await updatePolicy(s.app.store, { platform: "slack", id: TEAM }, { supportChannelId: SUPPORT });
    const { parentTs, answer } = await askPublic("What is the capital of Mongolia?");
    expect(body(answer).text).toBe(NOT_FOUND);
    expect(buttonValue(answer.body, "qa_up")).toBeUndefined();
    await s.slack.sender(s.eventsUrl).blockAction({
      actionId: "qa_human",
      value: buttonValue(answer.body, "qa_human")!,
      messageTs: body(answer).ts!,
    });
    const posted = await s.slack.waitForCall("chat.postMessage", (c) => body(c).channel === SUPPORT);
    expect(posted.error).toBeUndefined();
    expect(body(posted).text).toContain("What is the capital of Mongolia?");
    expect(body(posted).text).toContain(
      `https://slack.com/archives/${CHANNEL}/p${parentTs.replace(".", "")}`,
    );
  });

  it("a question the docs only brush against gets the not-found reply with the closest topics to read", async () => {
    const { answer } = await askPublic(
      "can the dry run preview be exported to a spreadsheet for our finance team",
    );
    const text = body(answer).text!;
    expect(text.startsWith(`${NOT_FOUND}\n\n*Closest topics in the docs*\n`)).toBe(true);
    expect(text).toContain("• Spending, confirmations and budgets › Dry run");
    // The blocks carry the same list (Slack shows blocks; text is the notification fallback).
    expect(JSON.stringify((answer.body as { blocks: unknown[] }).blocks)).toContain(
      "Spending, confirmations and budgets › Dry run",
    );
  });

  it("records feedback and refuses a balance question from a member who may not spend", async () => {
    const { answer } = await askPublic("How do I set up my keys for the bot?");
    await s.slack.sender(s.eventsUrl).blockAction({
      actionId: "qa_up",
      value: buttonValue(answer.body, "qa_up")!,
      messageTs: body(answer).ts!,
    });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("👍 1 · 👎 0"));

    await updatePolicy(s.app.store, { platform: "slack", id: TEAM }, { spenderRoleIds: ["U0SOMEONE"] });
    try {
      await s.slack
        .sender(s.eventsUrl)
        .slashCommand({ command: "/ask", text: "What is our balance? --private", userId: "U0MEMBER" });
      const r = await s.slack.waitForCall("response_url", (c) =>
        JSON.stringify(c.body).includes("can't look that up"),
      );
      expect(JSON.stringify(r.body)).toContain("only shown to people who may spend");
      expect(s.theta.requests.some((x) => x.path.includes("balance"))).toBe(false);
    } finally {
      await updatePolicy(s.app.store, { platform: "slack", id: TEAM }, { spenderRoleIds: [] });
    }
  });

  it("/theta kb add uses the document just shared (admins only); policy flags switch questions and the support channel", async () => {
    const sender = s.slack.sender(s.eventsUrl);
    s.slack.shareFile({
      filename: "vpn.md",
      bytes: Buffer.from(
        "# VPN guide\n\n## Connecting to the lab VPN\nThe lab VPN uses the Wireguard profile named frostbyte.\n",
      ),
    });
    await sender.slashCommand({ command: "/theta", text: "kb add", userId: "U0MEMBER" });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Only admins can add documents"),
    );
    await sender.slashCommand({ command: "/theta", text: "kb add" });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("VPN guide (vpn.md): 1 section indexed"),
    );
    await sender.slashCommand({
      command: "/ask",
      text: "Which Wireguard profile does the lab VPN use? --private",
    });
    const a = await s.slack.waitForCall(
      "response_url",
      (c) => JSON.stringify(c.body).includes("frostbyte"),
      15_000,
    );
    expect(JSON.stringify(a.body)).toContain("[1] VPN guide › Connecting to the lab VPN");

    await sender.slashCommand({
      command: "/theta",
      text: "policy --questions off --support-channel <#C0HELP|help>",
    });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("/ask: off"));
    expect(JSON.stringify(s.slack.calls.at(-1)?.body)).toContain("<#C0HELP>");
    await sender.slashCommand({ command: "/ask", text: "How do I set up my keys?" });
    await s.slack.waitForCall("response_url", (c) =>
      JSON.stringify(c.body).includes("Questions are turned off here"),
    );
    await sender.slashCommand({ command: "/theta", text: "policy --questions on" });
    await s.slack.waitForCall("response_url", (c) => JSON.stringify(c.body).includes("/ask: on"));
  });
});
