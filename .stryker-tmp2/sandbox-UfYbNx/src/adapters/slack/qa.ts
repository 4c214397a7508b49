/**
 * The support Q&A bot on Slack: /ask posts the question and answers in its thread, a mention
 * answers in the mention's thread, and follow-ups in a bot thread keep its context. Answers stream
 * through chat.update (throttled) and end with sources and feedback / Ask a human buttons.
 */
// @ts-nocheck

import type { BlockButtonAction, App as BoltApp, RespondFn, webApi } from "@slack/bolt";
import type { Caller } from "../../core/chat/caller.js";
import { tenantOf } from "../../core/chat/caller.js";
import { errorCard } from "../../core/present/error-card.js";
import { renderAnswer, renderPartial } from "../../core/present/qa-answer.js";
import { splitMessage } from "../../core/present/split.js";
import { escalation, escalationText, recordFeedback, type Vote } from "../../core/qa/feedback.js";
import type { QaAnswer } from "../../core/qa/service.js";
import { ThrottledEditor } from "../../core/qa/stream-editor.js";
import { errorBlocks, type SlackMessage, textBlocks } from "./blocks.js";
import { callerOf, isWorkspaceAdmin, type SlackContext } from "./context.js";
import { parseText } from "./parse.js";

export const QA_ACTIONS = { up: "qa_up", down: "qa_down", human: "qa_human" } as const;
const SEEN_MS = 15 * 60 * 1000;

/** The final answer as Block Kit: sections of at most ~2900 characters, then the buttons. */
export function answerMessage(a: QaAnswer): SlackMessage {
  const text = renderAnswer(a, "slack");
  const parts = splitMessage(text, 2900).slice(0, 40);
  const button = (action_id: string, label: string, style?: "primary") => ({
    type: "button",
    action_id,
    value: a.id,
    text: { type: "plain_text", text: label },
    ...(style ? { style } : {}),
  });
  const buttons = [
    ...(a.notFound || a.refused
      ? []
      : [button(QA_ACTIONS.up, "👍 Helpful"), button(QA_ACTIONS.down, "👎 Not helpful")]),
    ...(a.refused ? [] : [button(QA_ACTIONS.human, "Ask a human", "primary")]),
  ];
  return {
    text: text.slice(0, 3000),
    blocks: [
      ...parts.map((p) => ({ type: "section", text: { type: "mrkdwn", text: p } })),
      ...(buttons.length ? [{ type: "actions", elements: buttons }] : []),
    ],
  };
}

/** Workspace admins count as spenders for account tools; checked per question, never cached. */
async function withAdmin(client: webApi.WebClient, caller: Caller): Promise<Caller> {
  return { ...caller, isAdmin: await isWorkspaceAdmin(client, caller.userId).catch(() => false) };
}

/** Posts "Thinking…" in the thread, streams the answer into it, then the final blocks. */
export async function answerInThread(
  ctx: SlackContext,
  client: webApi.WebClient,
  o: { caller: Caller; question: string; channel: string; threadTs: string },
): Promise<QaAnswer> {
  const tenant = tenantOf(o.caller);
  await ctx.app.qa.conversations.open(tenant, o.threadTs);
  const first = await client.chat.postMessage({
    channel: o.channel,
    thread_ts: o.threadTs,
    text: "Thinking…",
  });
  const ts = first.ts ?? "";
  const editor = new ThrottledEditor(async (text) => {
    await client.chat.update({ channel: o.channel, ts, text: renderPartial(text, 3000) });
  }, ctx.app.config.qa.streamEditMs);
  try {
    const answer = await ctx.app.qa
      .ask({
        caller: { ...(await withAdmin(client, o.caller)), threadId: o.threadTs },
        question: o.question,
        threadId: o.threadTs,
        onPartial: (t) => editor.push(t),
      })
      .finally(() => editor.close());
    await client.chat.update({ channel: o.channel, ts, ...answerMessage(answer) });
    return answer;
  } catch (err) {
    await client.chat.update({ channel: o.channel, ts, ...errorBlocks(errorCard(err, ctx.app.logger)) });
    throw err;
  }
}

const permalink = (channel: string, ts: string) =>
  `https://slack.com/archives/${channel}/p${ts.replace(".", "")}`;

export function registerQa(bolt: BoltApp, ctx: SlackContext, usage: string): void {
  const seen = (id: string) => ctx.app.store.setIfAbsent(`seen:slack:${id}`, "1", SEEN_MS);
  const logger = ctx.app.logger.child({ adapter: "slack", part: "qa" });

  bolt.command("/ask", async ({ command, ack, respond, client }) => {
    await ack();
    if (!(await seen(command.trigger_id))) return;
    const fail = (err: unknown) =>
      respond({ response_type: "ephemeral", ...errorBlocks(errorCard(err, logger)) }).catch(() => {});
    try {
      const p = parseText(command.text);
      if (p.help || !p.rest)
        return void (await respond({ response_type: "ephemeral", text: `Usage: ${usage}` }));
      const caller = callerOf({
        teamId: command.team_id,
        enterpriseId: command.enterprise_id,
        userId: command.user_id,
        channelId: command.channel_id,
      });
      await ctx.app.qa.ensureEnabled(caller);
      if (p.flags.private) return void (await askPrivately(ctx, client, respond, caller, p.rest));
      // The question is posted as the thread's parent so everyone sees what the answer answers.
      const parent = await client.chat
        .postMessage({ channel: command.channel_id, text: `<@${command.user_id}> asked: ${p.rest}` })
        .catch((err: unknown) => {
          logger.warn(
            { err },
            "could not post the question (is the bot in the channel?); answering privately",
          );
          return undefined;
        });
      if (!parent?.ts) return void (await askPrivately(ctx, client, respond, caller, p.rest));
      await answerInThread(ctx, client, {
        caller,
        question: p.rest,
        channel: command.channel_id,
        threadTs: parent.ts,
      }).catch(() => {}); // the error is already shown in the thread
    } catch (err) {
      await fail(err);
    }
  });

  bolt.event("app_mention", async ({ event, body, client }) => {
    const eventId = (body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`;
    if (!(await seen(eventId))) return;
    const teamId = (body as { team_id?: string }).team_id ?? "";
    const question = (event.text ?? "").replace(/<@[A-Z0-9]+>/g, "").trim();
    const threadTs = event.thread_ts ?? event.ts;
    const caller = callerOf({ teamId, userId: event.user ?? "", channelId: event.channel, threadTs });
    if (!question) {
      await client.chat
        .postMessage({
          channel: event.channel,
          thread_ts: threadTs,
          text: "Ask me a question after the mention, for example: @theta-bot how do I set up my keys?",
        })
        .catch(() => {});
      return;
    }
    await answerInThread(ctx, client, { caller, question, channel: event.channel, threadTs }).catch((err) =>
      logger.debug({ err }, "mention answer failed (shown in the thread)"),
    );
  });

  // Follow-ups in a bot thread without a mention (mentions arrive as app_mention and are answered there).
  bolt.event("message", async ({ event, body, client, context }) => {
    const e = event as {
      subtype?: string;
      bot_id?: string;
      thread_ts?: string;
      ts: string;
      text?: string;
      user?: string;
      channel: string;
    };
    if (e.subtype || e.bot_id || !e.thread_ts || !e.user || !e.text?.trim()) return;
    if (context.botUserId && e.text.includes(`<@${context.botUserId}>`)) return;
    const teamId = (body as { team_id?: string }).team_id ?? "";
    const caller = callerOf({ teamId, userId: e.user, channelId: e.channel, threadTs: e.thread_ts });
    if (!(await ctx.app.qa.conversations.get(tenantOf(caller), e.thread_ts))) return;
    const eventId = (body as { event_id?: string }).event_id ?? `${e.channel}:${e.ts}`;
    if (!(await seen(eventId))) return;
    await answerInThread(ctx, client, {
      caller,
      question: e.text.trim(),
      channel: e.channel,
      threadTs: e.thread_ts,
    }).catch((err) => logger.debug({ err }, "follow-up answer failed (shown in the thread)"));
  });

  const who = (body: BlockButtonAction) =>
    callerOf({
      teamId: body.team?.id ?? body.user.team_id ?? "",
      enterpriseId: body.enterprise?.id,
      userId: body.user.id,
      channelId: body.channel?.id ?? "",
    });
  const privateReply = (respond: RespondFn, m: SlackMessage) =>
    respond({ response_type: "ephemeral", replace_original: false, ...m });

  const vote = (v: Vote) =>
    bolt.action<BlockButtonAction>(
      v === "helpful" ? QA_ACTIONS.up : QA_ACTIONS.down,
      async ({ ack, body, action, respond }) => {
        await ack();
        try {
          const t = await recordFeedback(ctx.app.store, ctx.app.qa, action.value ?? "", who(body), v);
          await privateReply(
            respond,
            textBlocks(
              "Thanks for the feedback",
              `Recorded. This answer so far: 👍 ${t.helpful} · 👎 ${t.unhelpful}`,
            ),
          );
        } catch (err) {
          await privateReply(respond, errorBlocks(errorCard(err, logger)));
        }
      },
    );
  vote("helpful");
  vote("unhelpful");

  bolt.action<BlockButtonAction>(QA_ACTIONS.human, async ({ ack, body, action, respond, client }) => {
    await ack();
    try {
      const e = await escalation(ctx.app.store, ctx.app.qa, action.value ?? "", who(body));
      const link = e.answer.threadId ? permalink(e.answer.channelId, e.answer.threadId) : undefined;
      await client.chat.postMessage({ channel: e.channelId, text: escalationText(e, link).slice(0, 3900) });
      await privateReply(
        respond,
        textBlocks(
          "Passed to a human",
          `Your question is in <#${e.channelId}>; someone will follow up there.`,
        ),
      );
    } catch (err) {
      await privateReply(respond, errorBlocks(errorCard(err, logger)));
    }
  });
}

/** /ask --private (or a channel the bot cannot post in): one private answer, no thread. */
async function askPrivately(
  ctx: SlackContext,
  client: webApi.WebClient,
  respond: RespondFn,
  caller: Caller,
  question: string,
): Promise<void> {
  await respond({ response_type: "ephemeral", text: "Thinking…" });
  const answer = await ctx.app.qa.ask({ caller: await withAdmin(client, caller), question });
  await respond({ response_type: "ephemeral", replace_original: true, ...answerMessage(answer) });
}
