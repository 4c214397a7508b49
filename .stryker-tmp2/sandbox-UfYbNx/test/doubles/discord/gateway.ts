/** Gateway v10 over `ws`: HELLO, heartbeat ACKs, IDENTIFY → READY + GUILD_CREATE, RESUME with replay. */
// @ts-nocheck

import { randomBytes } from "node:crypto";
import { WebSocket, type WebSocketServer } from "ws";
import { botUserJson, guildCreateJson } from "./payloads.js";
import type { DoubleState } from "./state.js";

type Obj = Record<string, unknown>;

const GUILDS_INTENT = 1;
const PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15); // GuildMembers, GuildPresences, MessageContent
const VALID_INTENTS = (1 << 26) - 1;
const BUFFERED_EVENTS = 500;

export interface GatewayFrameLog {
  op: number;
  d: unknown;
  time: number;
}

interface Session {
  id: string;
  seq: number;
  ws: WebSocket | null;
  shard: [number, number];
  ready: boolean;
  /** IDENTIFY intents: which dispatches the session gets (GUILD_MESSAGES, MESSAGE_CONTENT …). */
  intents: number;
  buffer: Array<{ s: number; text: string }>;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
}

export class Gateway {
  readonly sessions = new Map<string, Session>();
  /** Every frame clients sent (heartbeats, IDENTIFY, RESUME …). */
  readonly received: GatewayFrameLog[] = [];

  constructor(
    private readonly state: DoubleState,
    private readonly wss: WebSocketServer,
    private readonly url: () => string,
  ) {
    wss.on("connection", (ws) => this.onConnection(ws));
  }

  /** Sessions with a live socket that got READY (+ GUILD_CREATEs or RESUMED). */
  liveSessions(): Session[] {
    return [...this.sessions.values()].filter((s) => s.ready && s.ws?.readyState === WebSocket.OPEN);
  }

  /** Sends a dispatch to every session; sessions waiting to RESUME get it on replay. */
  dispatch(t: string, d: unknown): void {
    for (const s of this.sessions.values()) this.sendDispatch(s, t, d);
  }

  /** Sends `build(intents)` to each session whose view is not undefined (intent-gated events). */
  dispatchEach(t: string, build: (intents: number) => unknown): void {
    for (const s of this.sessions.values()) {
      const d = build(s.intents);
      if (d !== undefined) this.sendDispatch(s, t, d);
    }
  }

  /** Drops every socket with `code` (4000: clients RESUME; 1000/4003…: they IDENTIFY again). */
  disconnectAll(code = 4000, reason = "discord double disconnect"): void {
    for (const client of this.wss.clients) client.close(code, reason);
  }

  /** op 7 Reconnect: the client closes and resumes. */
  requestReconnect(): void {
    for (const s of this.liveSessions()) s.ws?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  private onConnection(ws: WebSocket): void {
    const conn: Connection = { ws, session: null };
    this.send(ws, {
      op: 10,
      d: { heartbeat_interval: this.state.opts.heartbeatIntervalMs, _trace: ["double"] },
    });
    ws.on("message", (raw, isBinary) => {
      if (isBinary) return void ws.close(4002, "Decode error");
      let frame: Obj;
      try {
        frame = JSON.parse(String(raw)) as Obj;
      } catch {
        return void ws.close(4002, "Decode error");
      }
      this.onFrame(conn, frame);
    });
    ws.on("close", (code) => {
      const s = conn.session;
      if (!s || s.ws !== ws) return;
      s.ws = null;
      if (code === 1000 || code === 1001) this.sessions.delete(s.id);
    });
  }

  private onFrame(conn: Connection, frame: Obj): void {
    const op = typeof frame.op === "number" ? frame.op : -1;
    this.received.push({ op, d: frame.d, time: this.state.now() });
    switch (op) {
      case 1:
        this.send(conn.ws, { op: 11 });
        break;
      case 2:
        this.identify(conn, (frame.d ?? {}) as Obj);
        break;
      case 6:
        this.resume(conn, (frame.d ?? {}) as Obj);
        break;
      case 3:
      case 4:
      case 8:
        break;
      default:
        conn.ws.close(4001, "Unknown opcode");
    }
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === "string" && token.replace(/^(Bot|Bearer) /i, "") === this.state.opts.token;
  }

  private identify(conn: Connection, d: Obj): void {
    if (conn.session) return void conn.ws.close(4005, "Already authenticated");
    if (!this.tokenOk(d.token)) return void conn.ws.close(4004, "Authentication failed");
    const intents = typeof d.intents === "number" ? d.intents : 0;
    if ((intents & ~VALID_INTENTS) !== 0) return void conn.ws.close(4013, "Invalid intent(s).");
    if ((intents & PRIVILEGED & ~this.state.opts.enabledPrivilegedIntents) !== 0) {
      return void conn.ws.close(4014, "Disallowed intent(s).");
    }
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
    const session: Session = {
      id: randomBytes(16).toString("hex"),
      seq: 0,
      ws: conn.ws,
      shard,
      ready: false,
      intents,
      buffer: [],
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const guilds = [...this.state.guilds.values()].filter(
      (g) => Number((BigInt(g.id) >> 22n) % BigInt(shard[1] || 1)) === shard[0],
    );
    const enabled = this.state.opts.enabledPrivilegedIntents;
    const appFlags =
      (enabled & (1 << 8) ? 1 << 13 : 0) |
      (enabled & (1 << 1) ? 1 << 15 : 0) |
      (enabled & (1 << 15) ? 1 << 19 : 0);
    this.sendDispatch(session, "READY", {
      v: 10,
      user: botUserJson(this.state),
      user_settings: {},
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.url(),
      shard,
      application: { id: this.state.opts.applicationId, flags: appFlags },
      _trace: ["double"],
    });
    if ((intents & GUILDS_INTENT) !== 0) {
      for (const g of guilds) this.sendDispatch(session, "GUILD_CREATE", guildCreateJson(this.state, g));
    }
    session.ready = true;
    this.state.notify();
  }

  private resume(conn: Connection, d: Obj): void {
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    if (!session || !this.tokenOk(d.token)) {
      this.send(conn.ws, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.ws && session.ws !== conn.ws) session.ws.close(4009, "Session replaced");
    session.ws = conn.ws;
    conn.session = session;
    const after = typeof d.seq === "number" ? d.seq : 0;
    for (const e of session.buffer) if (e.s > after) conn.ws.send(e.text);
    this.sendDispatch(session, "RESUMED", { _trace: ["double"] });
    this.state.notify();
  }

  private sendDispatch(s: Session, t: string, d: unknown): void {
    s.seq += 1;
    const text = JSON.stringify({ op: 0, t, s: s.seq, d });
    s.buffer.push({ s: s.seq, text });
    if (s.buffer.length > BUFFERED_EVENTS) s.buffer.shift();
    if (s.ws?.readyState === WebSocket.OPEN) s.ws.send(text);
  }

  private send(ws: WebSocket, payload: Obj): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ s: null, t: null, d: null, ...payload }));
  }
}
