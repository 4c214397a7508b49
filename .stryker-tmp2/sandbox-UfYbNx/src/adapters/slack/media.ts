// @ts-nocheck
import type { App as BoltApp, webApi } from "@slack/bolt";
import { MEDIA_COMMANDS, type MediaCommandSpec, mediaRequest } from "../../core/chat/requests.js";
import { usageError } from "../../core/errors.js";
import { guarded, privately } from "./commands.js";
import { callerOf, type SlackContext } from "./context.js";
import { showOutcome } from "./outcome.js";
import { parseText, strFlag } from "./parse.js";

function usage(spec: MediaCommandSpec): string {
  const texts = Object.keys(spec.texts ?? {}).map((t) => `--${t} "…"`);
  return `/${spec.name} [file links…] ${texts.join(" ")} — share the file(s) in this channel first (or paste their links); uses ${spec.service}`;
}

/** The latest files shared in the channel, newest last (conversations.history). */
async function recentFiles(client: webApi.WebClient, channel: string, count: number) {
  const h = await client.conversations.history({ channel, limit: 30 });
  const files = (h.messages ?? []).flatMap((m) =>
    (m.files ?? []).map((f) => ({ url: f.url_private ?? "", name: f.name ?? "file" })),
  );
  return files
    .filter((f) => f.url)
    .slice(0, count)
    .reverse();
}

/** /upscale, /caption, /ask-image, /transcribe, /detect, /faceswap, /tryon, /talking-head on Slack. */
export function registerMediaCommands(bolt: BoltApp, ctx: SlackContext): void {
  for (const spec of MEDIA_COMMANDS) {
    bolt.command(`/${spec.name}`, async ({ command, ack, respond, client }) => {
      await ack();
      if (!(await ctx.app.store.setIfAbsent(`seen:slack:${command.trigger_id}`, "1", 15 * 60 * 1000))) return;
      await guarded(ctx, respond, async () => {
        const p = parseText(command.text);
        if (p.help) return respond({ response_type: "ephemeral", text: `Usage: ${usage(spec)}` });
        const slots = Object.keys(spec.files);
        const given = p.words
          .filter((w) => /^<?https:\/\//.test(w))
          .map((w) => ({ url: w.replace(/^<|>$/g, "").split("|")[0]!, name: "file" }));
        const files =
          given.length >= slots.length ? given : await recentFiles(client, command.channel_id, slots.length);
        if (files.length < slots.length) {
          throw usageError(
            "MISSING_REQUIRED_FIELD",
            `Share ${slots.length === 1 ? "a file" : `${slots.length} files (${slots.join(", ")})`} in this channel first. Usage: ${usage(spec)}`,
          );
        }
        const byOption = Object.fromEntries(slots.map((s, k) => [s, files[k]!]));
        const texts = Object.fromEntries(Object.keys(spec.texts ?? {}).map((t) => [t, strFlag(p, t)]));
        const caller = callerOf({
          teamId: command.team_id,
          enterpriseId: command.enterprise_id,
          userId: command.user_id,
          channelId: command.channel_id,
        });
        const req = mediaRequest(await ctx.app.services.get(), spec, byOption, texts);
        await showOutcome(ctx, client, caller, privately(respond), await ctx.actions.propose(caller, req));
      });
    });
  }
}
