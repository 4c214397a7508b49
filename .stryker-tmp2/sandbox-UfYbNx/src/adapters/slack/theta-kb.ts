// @ts-nocheck
import type { webApi } from "@slack/bolt";
import type { Caller } from "../../core/chat/caller.js";
import { originOf } from "../../core/chat/caller.js";
import { usageError } from "../../core/errors.js";
import { requireAdmin } from "../../core/policy/index.js";
import { type KbReply, kbAdd, kbList, kbRemove } from "../../core/qa/kb-admin.js";
import { MAX_DOC_BYTES } from "../../core/qa/knowledge-base.js";
import { formatOf } from "../../core/qa/load-docs.js";
import { isWorkspaceAdmin, SLACK_ADMIN_LABEL, type SlackContext } from "./context.js";

export const KB_HELP =
  "`kb list` · `kb add` (admins: share a .md, .txt or .html file in this channel first) · `kb remove <file name or title>` (admins)";

/** The newest Markdown, text or HTML file shared in the channel (conversations.history). */
async function newestDocument(client: webApi.WebClient, channel: string) {
  const h = await client.conversations.history({ channel, limit: 30 });
  for (const m of h.messages ?? []) {
    for (const f of m.files ?? []) {
      if (f.url_private && f.name && formatOf(f.name))
        return { url: f.url_private, name: f.name, size: f.size ?? 0 };
    }
  }
  return undefined;
}

/** `/theta kb list|add|remove` on Slack. */
export async function kbCommand(
  ctx: SlackContext,
  client: webApi.WebClient,
  caller: Caller,
  args: string[],
): Promise<KbReply> {
  const [action = "list", ...rest] = args;
  const kb = ctx.app.qa.kb;
  if (action === "list") return kbList(kb, caller);
  if (action !== "add" && action !== "remove") {
    throw usageError("UNKNOWN_SUBCOMMAND", `Unknown /theta kb ${action}. ${KB_HELP}`);
  }
  caller.isAdmin = await isWorkspaceAdmin(client, caller.userId);
  if (action === "remove") return kbRemove(kb, caller, rest.join(" "));
  requireAdmin(caller, SLACK_ADMIN_LABEL, "add documents to this workspace's knowledge base");
  const file = await newestDocument(client, caller.channelId);
  if (!file) {
    throw usageError(
      "kb_no_file",
      "Share a .md, .txt or .html file in this channel first (the bot must be in the channel), then run /theta kb add.",
    );
  }
  if (file.size > MAX_DOC_BYTES) {
    throw usageError(
      "kb_file_too_large",
      `${file.name} is ${Math.ceil(file.size / 1024)} KiB; documents can be at most ${MAX_DOC_BYTES / 1024} KiB.`,
    );
  }
  const bytes = await ctx.app.deps.fetchInput?.(originOf(caller), file.url);
  if (!bytes) throw usageError("slack_file_unreadable", `Could not download ${file.name} from Slack.`);
  return kbAdd(kb, caller, { filename: file.name, bytes });
}
