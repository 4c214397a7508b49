// @ts-nocheck
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bearer, type Fields, parseBody, sendJson, sleep, str } from "./http-util.js";
import type { MethodContext, MethodSpec, MethodTable } from "./method-types.js";
import { SlackApiError } from "./method-types.js";
import { chatMethods } from "./methods-chat.js";
import { infoMethods } from "./methods-info.js";
import { viewMethods } from "./methods-views.js";
import { handleAuthorize, oauthMethods } from "./oauth.js";
import { handleResponseUrl } from "./response-url.js";
import { type SocketModeServer, socketMethods } from "./socket-mode.js";
import type { DoubleState } from "./state.js";
import { fileMethods, handleUpload } from "./uploads.js";
import { handleFileDownload, historyMethods } from "./user-files.js";

export const METHODS: MethodTable = {
  ...infoMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
  ...historyMethods,
  ...oauthMethods,
  ...socketMethods,
};

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

function authorize(state: DoubleState, spec: MethodSpec, token: string | undefined): Partial<MethodContext> {
  if (spec.auth === "none") return {};
  if (!token) throw new SlackApiError("not_authed");
  const rec = state.tokens.get(token);
  if (!rec) throw new SlackApiError("invalid_auth");
  if (rec.revoked) throw new SlackApiError("token_revoked");
  if (spec.auth === "app" ? rec.kind !== "app" : rec.kind === "app")
    throw new SlackApiError("not_allowed_token_type");
  const team = state.team(rec.teamId);
  return { token: rec, ...(team ? { team } : {}) };
}

function runMethod(
  state: DoubleState,
  method: string,
  args: Fields,
  binary: Record<string, Buffer>,
  token?: string,
): Answer {
  const spec = METHODS[method];
  if (!spec) return { status: 200, body: { ok: false, error: "unknown_method" } };
  try {
    const ctx: MethodContext = { state, args, binary, ...authorize(state, spec, token) };
    const result = spec.handler(ctx);
    const headers: Record<string, string> = ctx.team ? { "x-oauth-scopes": ctx.team.scopes.join(",") } : {};
    return { status: 200, body: { ok: true, ...result }, headers };
  } catch (err) {
    if (err instanceof SlackApiError) {
      const meta = err.messages.length ? { response_metadata: { messages: err.messages } } : {};
      return { status: 200, body: { ok: false, error: err.code, ...meta } };
    }
    return { status: 200, body: { ok: false, error: "internal_error", detail: String(err) } };
  }
}

/** The node:http server behind apiUrl, upload URLs, response_urls, OAuth and the Socket Mode upgrade. */
export class WebApiServer {
  readonly server: Server;

  constructor(
    private readonly state: DoubleState,
    socket: SocketModeServer,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: "double_crashed", detail: String(err) });
        else res.destroy();
      });
    });
    this.server.on("upgrade", (req, sock, head) => socket.handleUpgrade(req, sock, head));
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
    const { port: bound } = this.server.address() as AddressInfo;
    this.state.baseUrl = `http://127.0.0.1:${bound}/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(req: IncomingMessage): { name: string; target?: string } | undefined {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    let m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    if (m?.[1]) return { name: m[1] };
    m = /^\/upload\/v1\/([A-Za-z0-9]+)$/.exec(path);
    if (m?.[1] && req.method === "POST") return { name: "upload", target: m[1] };
    m = /^\/response\/([A-Za-z0-9]+)$/.exec(path);
    if (m?.[1] && req.method === "POST") return { name: "response_url", target: m[1] };
    if (path === "/oauth/v2/authorize" && req.method === "GET") return { name: "oauth.authorize" };
    m = /^\/files\/([A-Za-z0-9]+)\/[^/]+$/.exec(path);
    if (m?.[1] && req.method === "GET") return { name: "file_download", target: m[1] };
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = this.route(req);
    if (!route) return sendJson(res, 404, { ok: false, error: "not_found_on_double", path: req.url });
    const fault = this.state.takeFault(route.name);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const failing =
      fault &&
      (fault.error !== undefined || fault.status !== undefined || fault.retryAfterSeconds !== undefined);
    if (fault && failing) return this.answerFault(req, res, route, fault);
    if (route.name === "upload") return handleUpload(this.state, route.target ?? "", req, res);
    if (route.name === "response_url") return handleResponseUrl(this.state, route.target ?? "", req, res);
    if (route.name === "oauth.authorize") return handleAuthorize(this.state, req, res);
    if (route.name === "file_download") return handleFileDownload(this.state, route.target ?? "", req, res);
    const { args, binary, token, contentType } = await this.readArgs(req);
    const answer = runMethod(this.state, route.name, args, binary, token);
    this.state.record({
      method: route.name,
      ...(token ? { token } : {}),
      body: args,
      time: Date.now(),
      status: answer.status,
      contentType,
      ...(answer.body.ok === false ? { error: String(answer.body.error) } : {}),
      ...(str(args.team_id) ? { team_id: str(args.team_id) } : {}),
    });
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  private async readArgs(req: IncomingMessage) {
    const parsed = await parseBody(req);
    const query = Object.fromEntries(new URL(req.url ?? "/", "http://127.0.0.1").searchParams);
    const args: Fields = { ...query, ...parsed.fields };
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (basic && args.client_id === undefined) {
      const [id, secret] = Buffer.from(basic, "base64").toString("utf8").split(":");
      Object.assign(args, { client_id: id, client_secret: secret });
    }
    const token = bearer(req) ?? str(args.token);
    return { args, binary: parsed.binary, token, contentType: parsed.contentType };
  }

  private async answerFault(
    req: IncomingMessage,
    res: ServerResponse,
    route: { name: string; target?: string },
    fault: { status?: number; retryAfterSeconds?: number; error?: string },
  ): Promise<void> {
    const { args, token, contentType } = await this.readArgs(req);
    const status = fault.status ?? (fault.retryAfterSeconds !== undefined ? 429 : 200);
    const error =
      fault.error ?? (status === 429 ? "ratelimited" : status === 200 ? "fatal_error" : "internal_error");
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
    this.state.record({
      method: route.name,
      ...(token ? { token } : {}),
      body: args,
      time: Date.now(),
      status,
      error,
      faulted: true,
      contentType,
      ...(route.target ? { target: route.target } : {}),
    });
    sendJson(res, status, { ok: false, error }, headers);
  }
}
