// @ts-nocheck
import { type ConfirmCard, type ErrorCard, type PreviewCard, quoteText } from "../../core/present/cards.js";
import type { JobCard, JobResult } from "../../core/present/job-card.js";

// biome-ignore lint/suspicious/noExplicitAny: Block Kit is a loose JSON structure
type Block = Record<string, any>;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const section = (text: string): Block => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text || " ", 2900) },
});
const context = (text: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: clip(text, 2900) }],
});

export const ACTIONS = { confirm: "act_confirm", cancel: "act_cancel", cancelJob: "job_cancel" } as const;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function confirmBlocks(c: ConfirmCard): SlackMessage {
  const fields = c.details
    .slice(0, 10)
    .map((d) => ({ type: "mrkdwn", text: clip(`*${d.name}*\n${d.value || "—"}`, 1900) }));
  return {
    text: `${c.title} — ${quoteText(c.quote)}`,
    blocks: [
      section(`*${c.title}*\n${quoteText(c.quote)}`),
      ...(fields.length ? [{ type: "section", fields }] : []),
      context(`Only <@${c.requesterId}> can confirm, within 2 minutes.`),
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: ACTIONS.confirm,
            text: { type: "plain_text", text: "Confirm" },
            style: "primary",
            value: c.actionId,
          },
          {
            type: "button",
            action_id: ACTIONS.cancel,
            text: { type: "plain_text", text: "Cancel" },
            value: c.actionId,
          },
        ],
      },
    ],
  };
}

export function previewBlocks(p: PreviewCard): SlackMessage {
  const body = p.request
    ? JSON.stringify({ method: p.request.method, url: p.request.url, body: p.request.body }, null, 2)
    : "(none)";
  return {
    text: `Dry run: ${p.title}`,
    blocks: [
      section(`*Dry run: ${p.title}*\n${p.note}\n${quoteText(p.quote)}`),
      section(`\`\`\`${clip(body, 2800)}\`\`\``),
    ],
  };
}

export function errorBlocks(e: ErrorCard): SlackMessage {
  return { text: `${e.title}: ${e.text}`, blocks: [section(`:warning: *${e.title}*\n${e.text}`)] };
}

export function textBlocks(title: string, text: string): SlackMessage {
  return { text: `${title}: ${clip(text, 2000)}`, blocks: [section(`*${title}*\n${text}`)] };
}

export function jobCardBlocks(c: JobCard): SlackMessage {
  const bits = [
    `*${c.stage}*`,
    c.percent === undefined ? undefined : `${Math.round(c.percent)}%`,
    c.queuePosition ? `#${c.queuePosition} in queue` : undefined,
    c.etaMs ? `about ${Math.max(1, Math.round(c.etaMs / 1000))} s left` : undefined,
  ].filter(Boolean);
  return {
    text: `${c.title}: ${c.stage}`,
    blocks: [
      section(`*${c.title}*\n${bits.join(" · ")}${c.message ? `\n${c.message}` : ""}`),
      context(`job ${c.jobId}`),
      ...(c.cancellable
        ? [
            {
              type: "actions",
              elements: [
                {
                  type: "button",
                  action_id: ACTIONS.cancelJob,
                  text: { type: "plain_text", text: "Cancel" },
                  style: "danger",
                  value: c.jobId,
                },
              ],
            },
          ]
        : []),
    ],
  };
}

export function resultBlocks(r: JobResult, linked: string[], imageUrl?: string): SlackMessage {
  const ok = r.outcome === "success";
  const lines = [
    r.text ? clip(r.text, 2500) : undefined,
    r.error?.message,
    ...linked.map((u) => `<${u}|Open the output>`),
    r.cost
      ? `Cost: ${r.cost.currency === "USD" ? `$${r.cost.amount.toFixed(4)}` : `${r.cost.amount} units`}`
      : undefined,
  ].filter(Boolean);
  const icon = ok
    ? ":white_check_mark:"
    : r.outcome === "cancelled"
      ? ":black_square_for_stop:"
      : ":warning:";
  return {
    text: `${r.title}: ${ok ? "done" : r.outcome}`,
    blocks: [
      section(`${icon} *${r.title}*\n${lines.join("\n") || (ok ? "Done." : r.outcome)}`),
      ...(imageUrl ? [{ type: "image", image_url: imageUrl, alt_text: clip(r.title, 1900) }] : []),
      context(`job ${r.jobId}${r.upstreamId ? ` · Theta id ${r.upstreamId}` : ""}`),
    ],
  };
}
