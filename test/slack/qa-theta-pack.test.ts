import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_FOUND } from "../../src/core/qa/service.js";
import type { ApiCall } from "../doubles/slack/types.js";
import { buttonValue, type SlackStack, startSlackStack } from "../helpers/slack-stack.js";

const CHANNEL = "C0000001";

let s: SlackStack;
beforeAll(async () => {
  s = await startSlackStack(
    { THETA_INFERENCE_ENDPOINT: undefined, QA_STREAM_EDIT_MS: "300", QA_USER_PER_MINUTE: "100" },
    { inferTiming: { pendingMs: 20, processingMs: 200 } },
  );
});
afterAll(() => s.close());

const body = (c: ApiCall) => c.body as { channel?: string; ts?: string; thread_ts?: string; text?: string };
async function finalIn(threadTs: string, after = 0): Promise<ApiCall> {
  await s.slack.waitForCall(
    "chat.postMessage",
    (c) => body(c).thread_ts === threadTs && body(c).text === "Thinking…" && c.time >= after,
    15_000,
  );
  const replies = s.slack.messages({ thread_ts: threadTs }).filter((m) => m.ts !== threadTs);
  const ts = replies.at(-1)?.ts;
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

describe("Slack Q&A on the Theta EdgeCloud knowledge pack", () => {
  it("answers a warm-up question from the Theta dedicated-endpoints page, linked to its source", async () => {
    // Only the Theta page says a 502 while warming up does not mean the credentials are wrong (the
    // bot's troubleshooting page covers the 502 alone).
    const { answer } = await askPublic("my new endpoint keeps giving 502, are my credentials wrong??");
    const text = body(answer).text ?? "";
    expect(text).toContain(
      "<https://docs.thetatoken.org/docs/use-edgecloud-api-keys-to-manage-deployments|Theta EdgeCloud dedicated deployments and endpoints › Warm-up after creating an endpoint>",
    );
  });

  it("a Spanish or Chinese question on a documented topic is answered from the right page or honestly refused", async () => {
    for (const [q, page] of [
      ["¿el saldo es por proyecto o por organización?", "balance"],
      ["余额是属于项目还是组织?", "balance"],
    ] as const) {
      const { answer } = await askPublic(q);
      const text = body(answer).text ?? "";
      if (text.startsWith(NOT_FOUND)) expect(buttonValue(answer.body, "qa_up")).toBeUndefined();
      else expect(text).toMatch(new RegExp(`\\*Sources\\*\\n\\[1\\] [^\\n]*${page}`, "i"));
      expect(text).not.toContain("NOT_IN_PASSAGES");
    }
  });

  it("a follow-up reply in the thread retrieves the section the thread is about", async () => {
    const { parentTs, answer } = await askPublic("what does vm_gt1 mean, which gpu is it?");
    expect(body(answer).text).toContain("machine types and GPU nodes › VM types");
    const t0 = Date.now();
    await s.slack.sender(s.eventsUrl).event({
      type: "message",
      text: "and if that one is capacity-blocked, what do i fall back to?",
      threadTs: parentTs,
    });
    const follow = await finalIn(parentTs, t0);
    expect(body(follow).text).toContain("machine types and GPU nodes › Choosing a machine type");
  });
});
