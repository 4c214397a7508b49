import { describe, expect, it } from "vitest";
import { answerInto } from "../../src/adapters/discord/qa.js";
import { answerMessage } from "../../src/adapters/slack/qa.js";
import { renderAnswer, renderPartial } from "../../src/core/present/qa-answer.js";
import type { QaAnswer } from "../../src/core/qa/service.js";

const long = Array.from(
  { length: 120 },
  (_, n) => `Step ${n + 1}: run the command and check the result carefully.`,
).join("\n");
const answer: QaAnswer = {
  id: "0123456789abcdef",
  text: long,
  citations: [
    {
      n: 1,
      title: "Setting up theta-bot",
      section: "Check that everything works",
      url: "https://docs.example/setup",
    },
  ],
  related: [],
  notFound: false,
  refused: false,
  toolsUsed: [],
  costUsd: 0,
};

describe("Q&A answers at platform limits", () => {
  it("a streaming partial never exceeds the limit", () => {
    expect(renderPartial(long, 2000).length).toBeLessThanOrEqual(2000);
    expect(renderPartial("short", 2000)).toBe("short ▌");
  });

  it("Slack: sections stay under Block Kit's 3000 characters and keep every line, buttons last", () => {
    const m = answerMessage(answer);
    const sections = m.blocks.filter((b) => b.type === "section").map((b) => b.text.text as string);
    expect(sections.length).toBeGreaterThan(2);
    for (const t of sections) expect(t.length).toBeLessThanOrEqual(3000);
    expect(sections.join("\n")).toContain("Step 120:");
    expect(sections.at(-1)).toContain(
      "<https://docs.example/setup|Setting up theta-bot › Check that everything works>",
    );
    expect(m.blocks.at(-1)?.type).toBe("actions");
    expect(m.text.length).toBeLessThanOrEqual(3000);
  });

  it("Discord: the first message is edited, the rest follow, each at most 2000 characters, buttons on the last", async () => {
    const edits: Array<{ content: string; components: unknown[] }> = [];
    const sends: Array<{ content: string; components: unknown[] }> = [];
    const ctx = {
      app: { config: { qa: { streamEditMs: 100 } }, qa: { ask: async () => answer } },
    } as never;
    await answerInto(
      ctx,
      {
        edit: async (p) => {
          edits.push(p);
        },
        send: async (p) => {
          sends.push(p);
        },
      },
      { caller: {} as never, question: "q" },
    );
    const all = [...edits, ...sends];
    for (const p of all) expect(p.content.length).toBeLessThanOrEqual(2000);
    expect(all.map((p) => p.content).join("\n")).toBe(renderAnswer(answer, "discord"));
    expect(edits.at(-1)?.components).toEqual([]);
    expect(sends.at(-1)?.components).toHaveLength(1);
  });
});

describe("a not-found answer's closest topics", () => {
  const notFound: QaAnswer = {
    ...answer,
    text: "I couldn't find this in the docs.",
    citations: [],
    notFound: true,
    related: [
      { n: 1, title: "Spending", section: "Dry run" },
      { n: 2, title: "Theta billing", section: "Topping up | credits", url: "https://docs.example/billing" },
    ],
  };

  it("are listed after the reply, linked where the page has a URL, in each platform's markup", () => {
    expect(renderAnswer(notFound, "discord")).toBe(
      "I couldn't find this in the docs.\n\n**Closest topics in the docs**\n• Spending › Dry run\n• [Theta billing › Topping up | credits](<https://docs.example/billing>)",
    );
    expect(renderAnswer(notFound, "slack")).toBe(
      "I couldn't find this in the docs.\n\n*Closest topics in the docs*\n• Spending › Dry run\n• <https://docs.example/billing|Theta billing › Topping up   credits>",
    );
  });
});
