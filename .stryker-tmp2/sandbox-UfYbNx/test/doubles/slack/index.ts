/**
 * Wire-level Slack double: a real node:http Web API on 127.0.0.1 (slackApiUrl), upload URLs,
 * response_urls, OAuth, and a `ws` Socket Mode server, plus a signed-request sender for Bolt's
 * HTTP receiver. See test/doubles/slack-double.test.ts for usage.
 */
// @ts-nocheck

import { type InstallOptions, mintCode } from "./oauth.js";
import { resolveOptions } from "./options.js";
import { PayloadBuilder } from "./payloads.js";
import { SlackSender } from "./sender.js";
import { type SocketAck, type SocketEnvelope, type SocketFrame, SocketModeServer } from "./socket-mode.js";
import { DoubleState } from "./state.js";
import type {
  ApiCall,
  Fault,
  ResolvedSlackDoubleOptions,
  SlackDoubleOptions,
  StoredFile,
  StoredMessage,
  StoredView,
} from "./types.js";
import { shareUserFile } from "./user-files.js";
import { WebApiServer } from "./web-api.js";

export type { InstallOptions } from "./oauth.js";
export { DEFAULT_CHANNEL_ID, DEFAULT_TEAM_ID } from "./options.js";
export type * from "./payloads.js";
export { SlackSender, signature } from "./sender.js";
export type { SocketAck, SocketEnvelope, SocketFrame } from "./socket-mode.js";
export type * from "./types.js";

export interface MessageFilter {
  channel?: string;
  thread_ts?: string;
  /** Only ephemerals for this user (default: all messages, ephemeral or not). */
  ephemeralUser?: string;
  includeDeleted?: boolean;
}

export type MessageView = Omit<StoredMessage, "deleted"> & { deleted: boolean };
export type FileView = Omit<StoredFile, "uploaded">;

export interface SlackDouble {
  /** `http://127.0.0.1:PORT/api/` — pass as `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /** `http://127.0.0.1:PORT/` */
  baseUrl: string;
  options: ResolvedSlackDoubleOptions;
  calls: ApiCall[];
  count(method: string): number;
  waitForCall(method: string, predicate?: (c: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  messages(filter?: MessageFilter): MessageView[];
  /** Files whose bytes reached the upload URL; `completed`/`channel` once completeUploadExternal ran. */
  files(): FileView[];
  views(): StoredView[];
  /** Bodies accepted by response_urls (all, or one response_url id). */
  responses(responseUrlId?: string): unknown[];
  /** Inject a fault on a method ("chat.postMessage", "upload", "response_url", "*"); times defaults to 1. */
  fault(f: Fault): void;
  clearFaults(): void;
  sender(appUrl: string): SlackSender;
  /** Body builders (slash command, block_actions, view_submission, event_callback) for Socket Mode payloads. */
  payloads: PayloadBuilder;
  socket: {
    waitForConnection(timeoutMs?: number): Promise<void>;
    dispatch(e: SocketEnvelope): Promise<SocketAck>;
    disconnect(reason?: string): void;
    connectionCount(): number;
    frames: SocketFrame[];
  };
  /** An authorize URL carrying a fresh one-time code; `new URL(u).searchParams.get("code")` for oauth.v2.access. */
  installUrl(opts?: InstallOptions): string;
  /** A file a user shared in a channel (url_private needs the bot token of its team). */
  shareFile(o: { channel?: string; userId?: string; teamId?: string; filename: string; bytes: Buffer }): {
    fileId: string;
    ts: string;
    urlPrivate: string;
  };
  /** A fresh one-time code for oauth.v2.access. */
  oauthCode(opts?: InstallOptions): string;
  /** Invalidate a token (later calls answer `token_revoked`). */
  revokeToken(token: string): void;
  /** Forget recorded calls, messages, files and views (tokens, teams and faults stay). */
  reset(): void;
  close(): Promise<void>;
}

export async function startSlackDouble(options: SlackDoubleOptions = {}): Promise<SlackDouble> {
  const resolved = resolveOptions(options);
  const state = new DoubleState(resolved);
  const socket = new SocketModeServer(state);
  const web = new WebApiServer(state, socket);
  await web.listen(resolved.port);
  const payloads = new PayloadBuilder(state);

  return {
    apiUrl: `${state.baseUrl}api/`,
    baseUrl: state.baseUrl,
    options: resolved,
    calls: state.calls,
    count: (method) => state.calls.filter((c) => c.method === method).length,
    waitForCall: (method, predicate = () => true, timeoutMs = 3000) =>
      state.waitForCall(method, predicate, timeoutMs),
    messages: (filter = {}) =>
      state.messages
        .filter((m) => filter.includeDeleted || !m.deleted)
        .filter((m) => filter.channel === undefined || m.channel === filter.channel)
        .filter(
          (m) =>
            filter.thread_ts === undefined || m.thread_ts === filter.thread_ts || m.ts === filter.thread_ts,
        )
        .filter((m) => filter.ephemeralUser === undefined || m.ephemeralUser === filter.ephemeralUser)
        .map((m) => ({ ...m, deleted: m.deleted ?? false })),
    files: () =>
      [...state.files.values()]
        .filter((f) => f.uploaded)
        .map(({ uploaded: _u, ...f }) => ({ ...f, bytes: Buffer.from(f.bytes) })),
    views: () => [...state.views.values()],
    responses: (id) =>
      state.calls
        .filter(
          (c) => c.method === "response_url" && c.status === 200 && (id === undefined || c.target === id),
        )
        .map((c) => c.body),
    fault: (f) => {
      state.faults.push({ ...f, remaining: f.times ?? 1 });
    },
    clearFaults: () => {
      state.faults = [];
    },
    sender: (appUrl) => new SlackSender(appUrl, resolved.signingSecret, payloads),
    payloads,
    socket: {
      waitForConnection: (timeoutMs) => socket.waitForConnection(timeoutMs),
      dispatch: (e) => socket.dispatch(e),
      disconnect: (reason) => socket.disconnect(reason),
      connectionCount: () => socket.connectionCount(),
      frames: socket.frames,
    },
    installUrl: (opts) =>
      `${state.baseUrl}oauth/v2/authorize?code=${encodeURIComponent(mintCode(state, opts))}&client_id=${encodeURIComponent(resolved.clientId)}`,
    oauthCode: (opts) => mintCode(state, opts),
    shareFile: (o) => shareUserFile(state, o),
    revokeToken: (token) => {
      const t = state.tokens.get(token);
      if (t) t.revoked = true;
    },
    reset: () => {
      state.calls.length = 0;
      state.messages.length = 0;
      state.files.clear();
      state.views.clear();
    },
    close: async () => {
      await socket.close();
      await web.close();
    },
  };
}
