// @ts-nocheck
import type {
  ApiCall,
  Fault,
  ResolvedSlackDoubleOptions,
  ResolvedTeam,
  StoredFile,
  StoredMessage,
  StoredView,
} from "./types.js";

export type TokenKind = "bot" | "user" | "app";

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  teamId?: string;
  userId?: string;
  revoked?: boolean;
}

export interface ResponseUrlRecord {
  id: string;
  created: number;
  uses: number;
  posts: unknown[];
  team: string;
  channel?: string;
  user?: string;
  messageTs?: string;
  lastTs?: string;
}

export interface TriggerRecord {
  id: string;
  created: number;
  used: boolean;
}

export interface OAuthCodeRecord {
  code: string;
  teamId: string;
  userId: string;
  isEnterpriseInstall: boolean;
  used: boolean;
}

interface CallWaiter {
  method: string;
  predicate: (c: ApiCall) => boolean;
  resolve: (c: ApiCall) => void;
}

/** Trigger ids expire after 3 s (Slack docs); response_urls after 30 min or 5 posts. */
export const TRIGGER_TTL_MS = 3_000;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;
export const RESPONSE_URL_MAX_USES = 5;

/** All mutable state of one double. Handlers receive it; index.ts exposes read-only views of it. */
export class DoubleState {
  baseUrl = "";
  readonly calls: ApiCall[] = [];
  readonly tokens = new Map<string, TokenRecord>();
  readonly messages: StoredMessage[] = [];
  readonly files = new Map<string, StoredFile>();
  readonly views = new Map<string, StoredView>();
  readonly triggers = new Map<string, TriggerRecord>();
  readonly responseUrls = new Map<string, ResponseUrlRecord>();
  readonly oauthCodes = new Map<string, OAuthCodeRecord>();
  readonly socketTickets = new Set<string>();
  faults: Array<Fault & { remaining: number }> = [];
  private waiters: CallWaiter[] = [];
  private counter = 0;
  private lastTsMicros = 0;

  constructor(readonly options: ResolvedSlackDoubleOptions) {
    for (const team of options.teams) this.addTeam(team);
    this.tokens.set(options.appToken, { token: options.appToken, kind: "app" });
  }

  addTeam(team: ResolvedTeam): void {
    if (!this.options.teams.includes(team)) this.options.teams.push(team);
    this.tokens.set(team.botToken, {
      token: team.botToken,
      kind: "bot",
      teamId: team.id,
      userId: team.botUserId,
    });
  }

  team(id: string | undefined): ResolvedTeam | undefined {
    return this.options.teams.find((t) => t.id === id);
  }

  defaultTeam(): ResolvedTeam {
    const t = this.options.teams[0];
    if (!t) throw new Error("slack double: no teams configured");
    return t;
  }

  /** Ids like F0000001, V0000002 — unique across prefixes. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(7, "0")}`;
  }

  /** Message timestamps "seconds.micros", strictly increasing. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const s = String(micros);
    return `${s.slice(0, -6)}.${s.slice(-6)}`;
  }

  newTrigger(): string {
    const id = `${Math.floor(Date.now() / 1000)}.${this.nextId("").slice(1)}.${Math.random().toString(16).slice(2, 14)}`;
    this.triggers.set(id, { id, created: Date.now(), used: false });
    return id;
  }

  newResponseUrl(rec: Omit<ResponseUrlRecord, "id" | "created" | "uses" | "posts">): {
    id: string;
    url: string;
  } {
    const id = this.nextId("R");
    this.responseUrls.set(id, { ...rec, id, created: Date.now(), uses: 0, posts: [] });
    return { id, url: `${this.baseUrl}response/${id}` };
  }

  findMessage(channel: string | undefined, ts: string | undefined): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  }

  record(call: ApiCall): void {
    this.calls.push(call);
    const still: CallWaiter[] = [];
    for (const w of this.waiters) {
      if (w.method === call.method && w.predicate(call)) w.resolve(call);
      else still.push(w);
    }
    this.waiters = still;
  }

  waitForCall(method: string, predicate: (c: ApiCall) => boolean, timeoutMs: number): Promise<ApiCall> {
    const existing = this.calls.find((c) => c.method === method && predicate(c));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: CallWaiter = {
        method,
        predicate,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.calls.map((c) => c.method).join(", ") || "none";
        reject(new Error(`slack double: no ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The fault that applies to this request, if any; consumes one use. */
  takeFault(method: string): Fault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.method === method || x.method === "*"));
    if (!f) return undefined;
    f.remaining -= 1;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }
}
