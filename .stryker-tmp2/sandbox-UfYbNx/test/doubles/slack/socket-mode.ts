// @ts-nocheck
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { MethodTable } from "./method-types.js";
import type { DoubleState } from "./state.js";

export interface SocketEnvelope {
  type: string;
  payload: unknown;
  retryAttempt?: number;
  retryReason?: string;
  acceptsResponsePayload?: boolean;
  /** How long to wait for the app's ack frame; default 5000 ms. */
  timeoutMs?: number;
}

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface SocketFrame {
  direction: "out" | "in";
  data: unknown;
  time: number;
}

export const socketMethods: MethodTable = {
  "apps.connections.open": {
    auth: "app",
    handler: (ctx) => {
      const ticket = randomUUID();
      ctx.state.socketTickets.add(ticket);
      const base = ctx.state.baseUrl.replace(/^http/, "ws");
      return { url: `${base}link/?ticket=${ticket}&app_id=${ctx.state.options.appId}` };
    },
  },
};

/** The Socket Mode side: `hello`, envelopes out, acks in (chat-wire §9). */
export class SocketModeServer {
  readonly frames: SocketFrame[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<
    string,
    { resolve: (ack: SocketAck) => void; reject: (e: Error) => void }
  >();
  private connectWaiters: Array<() => void> = [];

  constructor(private readonly state: DoubleState) {}

  /** Called from the HTTP server's `upgrade` event; the ticket must come from apps.connections.open. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/" || !this.state.socketTickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private send(ws: WebSocket, data: Record<string, unknown>): void {
    this.frames.push({ direction: "out", data, time: Date.now() });
    ws.send(JSON.stringify(data));
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on("message", (raw) => {
      let data: unknown;
      try {
        data = JSON.parse(String(raw));
      } catch {
        data = String(raw);
      }
      this.frames.push({ direction: "in", data, time: Date.now() });
      const id = (data as { envelope_id?: unknown } | null)?.envelope_id;
      const waiter = typeof id === "string" ? this.pending.get(id) : undefined;
      if (waiter && typeof id === "string") {
        this.pending.delete(id);
        waiter.resolve(data as SocketAck);
      }
    });
    ws.on("close", () => {
      const i = this.sockets.indexOf(ws);
      if (i >= 0) this.sockets.splice(i, 1);
    });
    this.send(ws, {
      type: "hello",
      num_connections: this.sockets.length,
      debug_info: { host: "applink-double", build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.state.options.appId },
    });
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const w of waiters) w();
  }

  connectionCount(): number {
    return this.sockets.filter((s) => s.readyState === s.OPEN).length;
  }

  waitForConnection(timeoutMs = 5000): Promise<void> {
    if (this.connectionCount() > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("slack double: no Socket Mode connection")), timeoutMs);
      this.connectWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends an envelope on the newest connection; resolves with the app's ack frame. */
  async dispatch(e: SocketEnvelope): Promise<SocketAck> {
    const timeoutMs = e.timeoutMs ?? 5000;
    await this.waitForConnection(timeoutMs);
    const ws = this.sockets.filter((s) => s.readyState === s.OPEN).at(-1);
    if (!ws) throw new Error("slack double: Socket Mode connection closed");
    const envelopeId = randomUUID();
    const ack = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`slack double: no ack for ${e.type} envelope within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, {
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
    const isEvent = e.type === "events_api";
    this.send(ws, {
      envelope_id: envelopeId,
      type: e.type,
      payload: e.payload,
      accepts_response_payload: e.acceptsResponsePayload ?? !isEvent,
      ...(isEvent || e.retryAttempt !== undefined
        ? { retry_attempt: e.retryAttempt ?? 0, retry_reason: e.retryReason ?? "" }
        : {}),
    });
    return ack;
  }

  /** Sends `{type:"disconnect"}`; the client reconnects through a new apps.connections.open. */
  disconnect(reason = "refresh_requested"): void {
    for (const ws of this.sockets)
      this.send(ws, { type: "disconnect", reason, debug_info: { host: "applink-double" } });
  }

  /**
   * Closes with a close handshake (up to 1 s), then terminates. Bolt's SocketModeReceiver.stop() resolves
   * right after *sending* its close frame, so a hard terminate here would make the client log a 1006 error.
   */
  async close(): Promise<void> {
    const open = [...this.sockets];
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const timer = setTimeout(() => {
              ws.terminate();
              resolve();
            }, 1000);
            ws.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            if (ws.readyState === ws.OPEN) ws.close(1001, "double closing");
          }),
      ),
    );
    for (const w of this.pending.values()) w.reject(new Error("slack double closed before the ack"));
    this.pending.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
