import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { type ConfirmCard, type ErrorCard, type PreviewCard, quoteText } from "../../core/present/cards.js";
import { cardStatus, type JobCard, type JobResult } from "../../core/present/job-card.js";

const COLOR = { info: 0x2b6cb0, ok: 0x2f855a, warn: 0xc05621, error: 0xc53030 } as const;

export const ids = {
  confirm: (a: string) => `act:confirm:${a}`,
  cancelAction: (a: string) => `act:cancel:${a}`,
  cancelJob: (j: string) => `job:cancel:${j}`,
  reroll: (j: string) => `img:reroll:${j}`,
  upscale: (j: string) => `img:upscale:${j}`,
  vary: (j: string) => `img:vary:${j}`,
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Messages are plain API objects, not discord.js builders: every text is already clipped to
 * Discord's limits here, and the builders' validation (a schema library that builds an error
 * object for each union member it rules out) was a measurable share of a reply's CPU in a burst.
 */
type Row = APIActionRowComponent<APIButtonComponentWithCustomId>;

const button = (customId: string, label: string, style: APIButtonComponentWithCustomId["style"]) =>
  ({ type: ComponentType.Button, custom_id: customId, label, style }) as APIButtonComponentWithCustomId;

const row = (...buttons: APIButtonComponentWithCustomId[]): Row => ({
  type: ComponentType.ActionRow,
  components: buttons,
});

export function confirmMessage(c: ConfirmCard) {
  const embed: APIEmbed = {
    color: COLOR.info,
    title: clip(c.title, 250),
    description: clip(
      `${quoteText(c.quote)}\nConfirm within 2 minutes (<t:${Math.floor(c.expiresAt / 1000)}:R>). Only you can confirm.`,
      4000,
    ),
    fields: c.details
      .slice(0, 20)
      .map((d) => ({ name: clip(d.name, 250), value: clip(d.value || "—", 1000), inline: true })),
  };
  const buttons = row(
    button(ids.confirm(c.actionId), "Confirm", ButtonStyle.Success),
    button(ids.cancelAction(c.actionId), "Cancel", ButtonStyle.Secondary),
  );
  return { embeds: [embed], components: [buttons] };
}

export function previewMessage(p: PreviewCard) {
  const body = p.request
    ? JSON.stringify({ method: p.request.method, url: p.request.url, body: p.request.body }, null, 2)
    : "(no request)";
  const embed: APIEmbed = {
    color: COLOR.warn,
    title: clip(`Dry run: ${p.title}`, 250),
    description: clip(`${p.note}\n${quoteText(p.quote)}\n\`\`\`json\n${body}\n\`\`\``, 4000),
  };
  return { embeds: [embed], components: [] as Row[] };
}

export function errorMessage(e: ErrorCard) {
  const embed: APIEmbed = {
    color: e.kind === "capacity" || e.kind === "budget" ? COLOR.warn : COLOR.error,
    title: clip(e.title, 250),
    description: clip(e.text, 4000),
  };
  return { embeds: [embed], components: [] as Row[] };
}

export function textMessage(title: string, text: string, color: keyof typeof COLOR = "info") {
  return {
    embeds: [
      { color: COLOR[color], title: clip(title, 250), description: clip(text || "—", 4000) } as APIEmbed,
    ],
    components: [] as Row[],
  };
}

export function jobCardMessage(c: JobCard) {
  const embed: APIEmbed = {
    color: COLOR.info,
    title: clip(c.title, 250),
    description: clip(
      cardStatus(c, (t) => `**${t}**`),
      4000,
    ),
    footer: { text: `job ${c.jobId}` },
  };
  const components = c.cancellable ? [row(button(ids.cancelJob(c.jobId), "Cancel", ButtonStyle.Danger))] : [];
  return { embeds: [embed], components };
}

/** The result message; `linked` are outputs too large to attach (shown as links, images previewed). */
export function resultMessage(r: JobResult, linked: string[], isImage: boolean) {
  const ok = r.outcome === "success";
  const lines = [
    r.text ? clip(r.text, 3000) : undefined,
    r.error ? r.error.message : undefined,
    ...linked.map((u) => `[Open the output](${u})`),
    r.cost
      ? `Cost: ${r.cost.currency === "USD" ? `$${r.cost.amount.toFixed(4)}` : `${r.cost.amount} units`}`
      : undefined,
    r.upstreamId ? `Theta id: \`${r.upstreamId}\`` : undefined,
  ].filter(Boolean);
  const embed: APIEmbed = {
    color: ok ? COLOR.ok : r.outcome === "cancelled" ? COLOR.warn : COLOR.error,
    title: clip(`${ok ? "✅" : r.outcome === "cancelled" ? "⏹" : "⚠️"} ${r.title}`, 250),
    description: clip(lines.join("\n") || (ok ? "Done." : r.outcome), 4000),
    footer: { text: `job ${r.jobId}` },
    // An image too large to attach is still previewed from its link.
    ...(isImage && linked[0] ? { image: { url: linked[0] } } : {}),
  };
  const components =
    ok && isImage
      ? [
          row(
            button(ids.reroll(r.jobId), "Reroll", ButtonStyle.Secondary),
            button(ids.upscale(r.jobId), "Upscale", ButtonStyle.Secondary),
            button(ids.vary(r.jobId), "Variations", ButtonStyle.Secondary),
          ),
        ]
      : [];
  return { embeds: [embed], components };
}
