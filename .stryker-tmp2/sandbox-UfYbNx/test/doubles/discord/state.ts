/** The double's world: clock, snowflakes, guilds/channels, interactions, messages, commands, waiters. */
// @ts-nocheck

import { DEFAULT_TEXT_PERMISSIONS, PermissionMap } from "./permissions.js";
import type { CallbackRecord, ChannelSpec, ResolvedOptions, StoredMessage } from "./types.js";

const DISCORD_EPOCH = 1_420_070_400_000n;

export interface ChannelRecord {
  id: string;
  guildId: string | null;
  name: string;
  type: number;
  parentId: string | null;
  position: number;
  /** Threads only. */
  ownerId?: string;
  autoArchiveDuration?: number;
  createdAt: number;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: string;
  position: number;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, RoleRecord>;
  joinedAt: number;
  /** Users seen in interactions: GET /guilds/{g}/members/{u} answers for them. */
  members: Map<string, { id: string; username: string; roles: string[]; joinedAt: number }>;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  createdAt: number;
  guildId: string | null;
  channelId: string;
  user: { id: string; username: string };
  attachmentSizeLimit: number;
  /** The message a component (or a modal opened from one) sits on. */
  sourceMessageId: string | null;
  callback: CallbackRecord | null;
  originalMessageId: string | null;
  /** Payload as dispatched (for replays with the same id). */
  payload: Record<string, unknown>;
}

export interface ApplicationCommandRecord {
  id: string;
  guildId: string | null;
  body: Record<string, unknown>;
  version: string;
}

type Waiter = () => boolean;

export class DoubleState {
  readonly opts: ResolvedOptions;
  /** http://127.0.0.1:PORT (CDN URLs) and ws://127.0.0.1:PORT (GET /gateway/bot). */
  baseUrl = "";
  gatewayUrl = "";
  /** Files served at /cdn/attachments/… besides message attachments (hostFile). */
  readonly cdnFiles = new Map<string, { filename: string; contentType: string; data: Buffer }>();
  private clockOffset = 0;
  private counter = 0;
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly channelPermissions = new PermissionMap();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly messages = new Map<string, StoredMessage>();
  readonly commands = new Map<string, ApplicationCommandRecord>();
  private waiters = new Set<Waiter>();

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    for (const g of opts.guilds) {
      const roles = new Map<string, RoleRecord>();
      roles.set(g.id, {
        id: g.id,
        name: "@everyone",
        permissions: DEFAULT_TEXT_PERMISSIONS.toString(),
        position: 0,
      });
      g.roles.forEach((r, i) => {
        roles.set(r.id, {
          id: r.id,
          name: r.name ?? `role-${r.id.slice(-4)}`,
          permissions: r.permissions ?? "0",
          position: i + 1,
        });
      });
      this.guilds.set(g.id, {
        id: g.id,
        name: g.name,
        ownerId: g.ownerId,
        roles,
        joinedAt: this.now(),
        members: new Map(),
      });
      g.channels.forEach((c, i) => {
        this.addChannel(g.id, c, i);
        this.channelPermissions.set(c.id, DEFAULT_TEXT_PERMISSIONS.toString());
      });
    }
  }

  now(): number {
    return Date.now() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  /** Real-looking snowflake (19 digits) stamped with the double clock. */
  snowflake(): string {
    this.counter = (this.counter + 1) & 0xfff;
    return (((BigInt(this.now()) - DISCORD_EPOCH) << 22n) | BigInt(this.counter)).toString();
  }

  addChannel(guildId: string | null, c: ChannelSpec, position = 0): ChannelRecord {
    const rec: ChannelRecord = {
      id: c.id,
      guildId,
      name: c.name ?? `channel-${c.id.slice(-4)}`,
      type: c.type ?? 0,
      parentId: c.parentId ?? null,
      position,
      createdAt: this.now(),
    };
    this.channels.set(rec.id, rec);
    return rec;
  }

  /** Bits the bot has in a channel: channelPermissions, else the parent's (threads), else the default. */
  botPermissions(channelId: string): bigint {
    const ch = this.channels.get(channelId);
    const own = this.channelPermissions.get(channelId);
    if (own !== undefined) return BigInt(own);
    const parent = ch?.parentId ? this.channelPermissions.get(ch.parentId) : undefined;
    if (parent !== undefined && ch && ch.type >= 10 && ch.type <= 12) return BigInt(parent);
    return DEFAULT_TEXT_PERMISSIONS;
  }

  storeMessage(m: StoredMessage): StoredMessage {
    this.messages.set(m.id, m);
    this.notify();
    return m;
  }

  /** Call after mutating state that waiters may be watching. */
  notify(): void {
    for (const w of [...this.waiters]) {
      if (w()) this.waiters.delete(w);
    }
  }

  /** Resolves with the first non-undefined value of `probe`, checked now and after each change. */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = () => {
        const v = probe();
        if (v === undefined) return false;
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`discord double: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
