// @ts-nocheck
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from "discord.js";
import { type ConfirmCard, type ErrorCard, type PreviewCard, quoteText } from "../../core/present/cards.js";
import type { JobCard, JobResult } from "../../core/present/job-card.js";

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

export function confirmMessage(c: ConfirmCard) {
  const embed = new EmbedBuilder()
    .setColor(COLOR.info)
    .setTitle(clip(c.title, 250))
    .setDescription(
      `${quoteText(c.quote)}\nConfirm within 2 minutes (<t:${Math.floor(c.expiresAt / 1000)}:R>). Only you can confirm.`,
    )
    .addFields(
      c.details
        .slice(0, 20)
        .map((d) => ({ name: clip(d.name, 250), value: clip(d.value || "—", 1000), inline: true })),
    );
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(ids.confirm(c.actionId))
      .setLabel("Confirm")
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(ids.cancelAction(c.actionId))
      .setLabel("Cancel")
      .setStyle(ButtonStyle.Secondary),
  );
  return { embeds: [embed], components: [row] };
}

export function previewMessage(p: PreviewCard) {
  const body = p.request
    ? JSON.stringify({ method: p.request.method, url: p.request.url, body: p.request.body }, null, 2)
    : "(no request)";
  const embed = new EmbedBuilder()
    .setColor(COLOR.warn)
    .setTitle(clip(`Dry run: ${p.title}`, 250))
    .setDescription(clip(`${p.note}\n${quoteText(p.quote)}\n\`\`\`json\n${body}\n\`\`\``, 4000));
  return { embeds: [embed], components: [] };
}

export function errorMessage(e: ErrorCard) {
  const embed = new EmbedBuilder()
    .setColor(e.kind === "capacity" || e.kind === "budget" ? COLOR.warn : COLOR.error)
    .setTitle(clip(e.title, 250))
    .setDescription(clip(e.text, 4000));
  return { embeds: [embed], components: [] };
}

export function textMessage(title: string, text: string, color: keyof typeof COLOR = "info") {
  return {
    embeds: [
      new EmbedBuilder()
        .setColor(COLOR[color])
        .setTitle(clip(title, 250))
        .setDescription(clip(text || "—", 4000)),
    ],
    components: [],
  };
}

export function jobCardMessage(c: JobCard) {
  const bits = [
    `**${c.stage}**`,
    c.percent === undefined ? undefined : `${Math.round(c.percent)}%`,
    c.queuePosition ? `#${c.queuePosition} in queue` : undefined,
    c.etaMs ? `about ${Math.max(1, Math.round(c.etaMs / 1000))} s left` : undefined,
  ].filter(Boolean);
  const embed = new EmbedBuilder()
    .setColor(COLOR.info)
    .setTitle(clip(c.title, 250))
    .setDescription(clip(`${bits.join(" · ")}${c.message ? `\n${c.message}` : ""}`, 4000))
    .setFooter({ text: `job ${c.jobId}` });
  const components = c.cancellable
    ? [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(ids.cancelJob(c.jobId))
            .setLabel("Cancel")
            .setStyle(ButtonStyle.Danger),
        ),
      ]
    : [];
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
  const embed = new EmbedBuilder()
    .setColor(ok ? COLOR.ok : r.outcome === "cancelled" ? COLOR.warn : COLOR.error)
    .setTitle(clip(`${ok ? "✅" : r.outcome === "cancelled" ? "⏹" : "⚠️"} ${r.title}`, 250))
    .setDescription(clip(lines.join("\n") || (ok ? "Done." : r.outcome), 4000))
    .setFooter({ text: `job ${r.jobId}` });
  // An image too large to attach is still previewed from its link.
  if (isImage && linked[0]) embed.setImage(linked[0]);
  const components =
    ok && isImage
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(ids.reroll(r.jobId))
              .setLabel("Reroll")
              .setStyle(ButtonStyle.Secondary),
            new ButtonBuilder()
              .setCustomId(ids.upscale(r.jobId))
              .setLabel("Upscale")
              .setStyle(ButtonStyle.Secondary),
            new ButtonBuilder()
              .setCustomId(ids.vary(r.jobId))
              .setLabel("Variations")
              .setStyle(ButtonStyle.Secondary),
          ),
        ]
      : [];
  return { embeds: [embed], components };
}
