/** createDiscordDouble: REST API + Gateway on one 127.0.0.1 port, plus the handles tests drive it with. */
// @ts-nocheck

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { FaultBook } from "./faults.js";
import { Gateway, type GatewayFrameLog } from "./gateway.js";
import { handleRequest } from "./handler.js";
import {
  type BuiltInteraction,
  buildAutocomplete,
  buildButton,
  buildModalSubmit,
  buildSlashCommand,
} from "./interactions.js";
import { resolveOptions } from "./options.js";
import { channelJson } from "./payloads.js";
import { registeredCommands } from "./rest-commands.js";
import { routes } from "./rest-routes.js";
import { Router } from "./router.js";
import { DoubleState } from "./state.js";
import type {
  CallbackRecord,
  DiscordDoubleOptions,
  FaultSpec,
  LoggedCall,
  ResolvedOptions,
  StoredMessage,
} from "./types.js";
import type {
  AttachmentInput,
  AutocompleteInput,
  ButtonInput,
  InteractionHandle,
  ModalSubmitInput,
  SlashCommandInput,
  UserMessageInput,
} from "./types-input.js";
import { buildUserMessage, dispatchMessage } from "./user-messages.js";

export interface MessageFilter {
  channelId?: string;
  interactionToken?: string;
  interactionId?: string;
  /** Messages by this author (the bot's id for the bot's own). */
  authorId?: string;
  includeDeleted?: boolean;
}

export interface DiscordDouble {
  /** `http://127.0.0.1:PORT/api` — pass as `rest: { api }`; discord.js appends `/v10`. */
  restUrl: string;
  /** `ws://127.0.0.1:PORT`, returned by GET /gateway/bot and as READY.resume_gateway_url. */
  gatewayUrl: string;
  options: ResolvedOptions;
  calls: LoggedCall[];
  /** Frames clients sent on the gateway (op 1 heartbeats, 2 IDENTIFY, 6 RESUME …). */
  gatewayFrames: GatewayFrameLog[];
  channelPermissions: Map<string, string>;
  waitForIdentify(timeoutMs?: number): Promise<void>;
  slashCommand(o: SlashCommandInput): Promise<InteractionHandle>;
  autocomplete(o: AutocompleteInput): Promise<InteractionHandle>;
  button(o: ButtonInput): Promise<InteractionHandle>;
  modalSubmit(o: ModalSubmitInput): Promise<InteractionHandle>;
  /**
   * A member posts `content` in a channel or thread: stored (author = that user) and sent as MESSAGE_CREATE
   * to sessions with GUILD_MESSAGES; content only with MESSAGE_CONTENT or when the bot is mentioned.
   * Waits for a gateway session first, like the interaction helpers.
   */
  userMessage(o: UserMessageInput): Promise<StoredMessage>;
  waitForCallback(interactionId: string, timeoutMs?: number): Promise<CallbackRecord>;
  messages(filter?: MessageFilter): StoredMessage[];
  waitForMessage(predicate: (m: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;
  fault(f: FaultSpec): void;
  clearFaults(): void;
  registeredCommands(scope?: { guildId?: string }): unknown[];
  /** Moves the double's clock (token expiry, ack deadline, timestamps, snowflakes). */
  advanceClock(ms: number): void;
  now(): number;
  /** Serves bytes at a CDN URL on the double; returns an attachment usable in slashCommand({ attachments }). */
  hostFile(filename: string, data: Buffer, contentType?: string): AttachmentInput;
  /** Closes every gateway socket with `code` (default 4000: discord.js RESUMEs; 1000/4003…: re-IDENTIFY). */
  disconnectGateway(code?: number): void;
  /** Sends op 7 Reconnect to live sessions. */
  requestReconnect(): void;
  close(): Promise<void>;
}

export async function createDiscordDouble(options: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
  const opts = resolveOptions(options);
  const state = new DoubleState(opts);
  const calls: LoggedCall[] = [];
  const faults = new FaultBook();
  const router = new Router(routes);
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const gateway = new Gateway(state, wss, () => state.gatewayUrl);
  server.on("request", (req, res) => {
    handleRequest({ state, gateway, router, faults, calls }, req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;
  state.gatewayUrl = `ws://127.0.0.1:${port}`;

  state.channelPermissions.onChange = (channelId) => {
    const ch = state.channels.get(channelId);
    if (ch?.guildId) gateway.dispatch("CHANNEL_UPDATE", { ...channelJson(state, ch), guild_id: ch.guildId });
  };

  const waitForIdentify = async (timeoutMs = 10_000): Promise<void> => {
    await state.waitFor(
      () => (gateway.liveSessions().length > 0 ? true : undefined),
      timeoutMs,
      "a gateway IDENTIFY",
    );
  };

  const fire = async (
    replayId: string | undefined,
    build: () => BuiltInteraction,
  ): Promise<InteractionHandle> => {
    await waitForIdentify();
    const known = replayId ? state.interactions.get(replayId) : undefined;
    if (known) {
      gateway.dispatch("INTERACTION_CREATE", known.payload);
      return { id: known.id, token: known.token };
    }
    const built = build();
    for (const e of built.before) gateway.dispatch(e.t, e.d);
    gateway.dispatch("INTERACTION_CREATE", built.record.payload);
    return { id: built.record.id, token: built.record.token };
  };

  const messages = (f: MessageFilter = {}): StoredMessage[] =>
    [...state.messages.values()].filter(
      (m) =>
        (f.includeDeleted || !m.deleted) &&
        (f.channelId === undefined || m.channelId === f.channelId) &&
        (f.interactionToken === undefined || m.interactionToken === f.interactionToken) &&
        (f.interactionId === undefined || m.interactionId === f.interactionId) &&
        (f.authorId === undefined || m.author.id === f.authorId),
    );

  return {
    restUrl: `${state.baseUrl}/api`,
    gatewayUrl: state.gatewayUrl,
    options: opts,
    calls,
    gatewayFrames: gateway.received,
    channelPermissions: state.channelPermissions,
    waitForIdentify,
    slashCommand: (o) => fire(o.id, () => buildSlashCommand(state, o)),
    autocomplete: (o) => fire(o.id, () => buildAutocomplete(state, o)),
    button: (o) => fire(o.id, () => buildButton(state, o)),
    modalSubmit: (o) => fire(o.id, () => buildModalSubmit(state, o)),
    userMessage: async (o) => {
      await waitForIdentify();
      const { message, before } = buildUserMessage(state, o);
      for (const e of before) gateway.dispatch(e.t, e.d);
      dispatchMessage(state, gateway, "MESSAGE_CREATE", message);
      return message;
    },
    waitForCallback: (id, timeoutMs = 5000) =>
      state.waitFor(
        () => state.interactions.get(id)?.callback ?? undefined,
        timeoutMs,
        `the callback of ${id}`,
      ),
    messages,
    waitForMessage: (predicate, timeoutMs = 5000) =>
      state.waitFor(() => messages().find(predicate), timeoutMs, "a matching message"),
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    registeredCommands: (scope) => registeredCommands(state, scope?.guildId ?? null),
    advanceClock: (ms) => state.advanceClock(ms),
    now: () => state.now(),
    hostFile: (filename, data, contentType = "application/octet-stream") => {
      const id = state.snowflake();
      state.cdnFiles.set(id, { filename, contentType, data });
      const url = `${state.baseUrl}/cdn/attachments/0/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, url, content_type: contentType, size: data.length };
    },
    disconnectGateway: (code = 4000) => gateway.disconnectAll(code),
    requestReconnect: () => gateway.requestReconnect(),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
