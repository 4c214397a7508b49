// @ts-nocheck
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { bearer } from "./http-util.js";
import { type MethodTable, requireArg, requireTeam } from "./method-types.js";
import type { DoubleState } from "./state.js";

/** A file a user shared in a channel (what a person does before running /caption). */
export function shareUserFile(
  state: DoubleState,
  o: {
    channel?: string;
    userId?: string;
    teamId?: string;
    filename: string;
    bytes: Buffer;
    mimetype?: string;
  },
): { fileId: string; ts: string; urlPrivate: string } {
  const team = state.team(o.teamId) ?? state.defaultTeam();
  const id = state.nextId("F");
  const channel = o.channel ?? "C0000001";
  state.files.set(id, {
    id,
    filename: o.filename,
    declaredLength: o.bytes.length,
    bytes: o.bytes,
    sha256: createHash("sha256").update(o.bytes).digest("hex"),
    uploaded: true,
    completed: true,
    team: team.id,
    channel,
  });
  const ts = state.nextTs();
  state.messages.push({
    ts,
    channel,
    user: o.userId ?? "U0MEMBER",
    team: team.id,
    files: [id],
    via: "upload",
    updates: 0,
    text: "",
  });
  return { fileId: id, ts, urlPrivate: `${state.baseUrl}files/${id}/${encodeURIComponent(o.filename)}` };
}

/** GET files/<id>/<name>: url_private, readable only with a bot token of the file's team. */
export function handleFileDownload(
  state: DoubleState,
  fileId: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const token = bearer(req);
  const f = state.files.get(fileId);
  const auth = token ? state.tokens.get(token) : undefined;
  state.record({
    method: "file_download",
    ...(token ? { token } : {}),
    body: { file_id: fileId },
    time: Date.now(),
    status: f && auth ? 200 : 404,
  });
  // Like Slack: without a valid token the "file" is an HTML login page, not the bytes.
  if (!f || !auth || auth.revoked || auth.teamId !== f.team) {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!DOCTYPE html><html>sign in</html>");
    return;
  }
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": String(f.bytes.length),
  });
  res.end(f.bytes);
}

export const historyMethods: MethodTable = {
  "conversations.history": {
    auth: "bot",
    handler: (ctx) => {
      const team = requireTeam(ctx);
      const channel = requireArg(ctx, "channel", "channel_not_found");
      const limit = Math.max(1, Math.min(200, Number(ctx.args.limit ?? 100) || 100));
      const messages = ctx.state.messages
        .filter((m) => m.channel === channel && !m.deleted && !m.ephemeralUser && !m.thread_ts)
        .sort((a, b) => Number(b.ts) - Number(a.ts))
        .slice(0, limit)
        .map((m) => ({
          type: "message",
          ts: m.ts,
          user: m.user,
          text: m.text ?? "",
          ...(m.files?.length
            ? {
                files: m.files.map((id) => {
                  const f = ctx.state.files.get(id);
                  return {
                    id,
                    name: f?.filename,
                    size: f?.bytes.length,
                    url_private: `${ctx.state.baseUrl}files/${id}/${encodeURIComponent(f?.filename ?? "file")}`,
                    user_team: team.id,
                  };
                }),
              }
            : {}),
        }));
      return { messages, has_more: false, response_metadata: { next_cursor: "" } };
    },
  },
};
