// @ts-nocheck
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { bearer, parseBody, sendText, str } from "./http-util.js";
import {
  type MethodContext,
  type MethodTable,
  requireArg,
  requireTeam,
  SlackApiError,
} from "./method-types.js";
import type { DoubleState } from "./state.js";
import type { StoredFile, StoredMessage } from "./types.js";

function fileJson(f: StoredFile, ctx: MethodContext): Record<string, unknown> {
  const team = ctx.state.team(f.team);
  const ext = /\.([a-z0-9]+)$/i.exec(f.filename)?.[1]?.toLowerCase() ?? "binary";
  return {
    id: f.id,
    created: Math.floor(Date.now() / 1000),
    timestamp: Math.floor(Date.now() / 1000),
    name: f.filename,
    title: f.title ?? f.filename,
    filetype: ext,
    user: team?.botUserId,
    user_team: f.team,
    size: f.bytes.length,
    mode: "hosted",
    is_external: false,
    is_public: true,
    url_private: `${ctx.state.baseUrl}files/${f.id}/${encodeURIComponent(f.filename)}`,
    permalink: `https://${team?.domain ?? "double"}.slack.com/files/${f.id}`,
    channels: f.channel ? [f.channel] : [],
    shares: {},
  };
}

export const fileMethods: MethodTable = {
  "files.getUploadURLExternal": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const filename = requireArg(ctx, "filename");
      const length = Number(requireArg(ctx, "length"));
      if (!Number.isInteger(length) || length < 0) throw new SlackApiError("invalid_arguments");
      const id = ctx.state.nextId("F");
      ctx.state.files.set(id, {
        id,
        filename,
        declaredLength: length,
        bytes: Buffer.alloc(0),
        sha256: "",
        uploaded: false,
        completed: false,
        team: team.id,
      });
      return { upload_url: `${ctx.state.baseUrl}upload/v1/${id}`, file_id: id };
    },
  },
  "files.completeUploadExternal": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const list = ctx.args.files;
      if (!Array.isArray(list) || list.length === 0) throw new SlackApiError("invalid_arguments");
      const channel = str(ctx.args.channel_id) ?? str(ctx.args.channels);
      const threadTs = str(ctx.args.thread_ts);
      if (threadTs && !channel)
        throw new SlackApiError("invalid_arguments", ["[ERROR] thread_ts needs channel_id"]);
      const done: StoredFile[] = [];
      for (const entry of list as Array<{ id?: unknown; title?: unknown }>) {
        const f = typeof entry?.id === "string" ? ctx.state.files.get(entry.id) : undefined;
        if (!f || f.team !== team.id || !f.uploaded) throw new SlackApiError("file_not_found");
        done.push(f);
        if (typeof entry.title === "string") f.title = entry.title;
      }
      const comment = str(ctx.args.initial_comment);
      for (const f of done) {
        f.completed = true;
        if (channel) f.channel = channel;
        if (threadTs) f.thread_ts = threadTs;
        if (comment) f.initial_comment = comment;
      }
      if (channel) {
        const m: StoredMessage = {
          ts: ctx.state.nextTs(),
          channel,
          text: comment ?? "",
          ...(ctx.args.blocks !== undefined ? { blocks: ctx.args.blocks } : {}),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          files: done.map((f) => f.id),
          updates: 0,
          user: team.botUserId,
          bot_id: team.botId,
          team: team.id,
          via: "upload",
        };
        ctx.state.messages.push(m);
      }
      return { files: done.map((f) => fileJson(f, ctx)) };
    },
  },
};

/** POST to an upload_url: WebClient sends multipart with one part "body" (filename "Untitled"). Must answer 200. */
export async function handleUpload(
  state: DoubleState,
  fileId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = await parseBody(req);
  const f = state.files.get(fileId);
  const token = bearer(req);
  const multipartBytes = parsed.binary.body ?? Object.values(parsed.binary)[0];
  const bytes =
    multipartBytes ?? (parsed.contentType.startsWith("multipart/") ? Buffer.alloc(0) : parsed.raw);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const status = f ? 200 : 404;
  state.record({
    method: "upload",
    ...(token ? { token } : {}),
    body: { file_id: fileId, size: bytes.length, sha256, contentType: parsed.contentType },
    time: Date.now(),
    status,
    contentType: parsed.contentType,
  });
  if (!f) return sendText(res, 404, "file_not_found");
  f.bytes = bytes;
  f.sha256 = sha256;
  f.uploaded = true;
  sendText(res, 200, `OK - ${bytes.length}`);
}
