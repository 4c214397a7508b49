// @ts-nocheck
import { createHmac } from "node:crypto";
import {
  type BlockActionOptions,
  type Built,
  type EventOptions,
  type PayloadBuilder,
  type SlashCommandOptions,
  VERIFICATION_TOKEN,
  type ViewSubmissionOptions,
} from "./payloads.js";
import type { SendResult, SignOptions } from "./types.js";

/** Bolt compares the form Content-Type exactly: no "; charset=…" (chat-wire §6). */
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

function form(fields: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) params.append(k, String(v));
  return params.toString();
}

/** Posts correctly (or deliberately wrongly) signed Slack requests to a Bolt HTTP receiver. */
export class SlackSender {
  constructor(
    readonly appUrl: string,
    private readonly signingSecret: string,
    private readonly build: PayloadBuilder,
  ) {}

  headers(rawBody: string, contentType: string, opts: SignOptions = {}): Record<string, string> {
    const headers: Record<string, string> = { "content-type": contentType };
    if (!opts.unsigned) {
      const now = Math.floor(Date.now() / 1000);
      const ts = opts.staleTimestamp ? now - 10 * 60 : now;
      const secret = opts.badSignature ? `${this.signingSecret}-wrong` : this.signingSecret;
      headers["x-slack-request-timestamp"] = String(ts);
      headers["x-slack-signature"] = signature(secret, ts, rawBody);
    }
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
    }
    return headers;
  }

  /** Sends any body as-is (signed over these exact bytes). */
  async raw(
    rawBody: string,
    contentType: string,
    opts: SignOptions = {},
    meta: Omit<Built, "body"> & { body?: Record<string, unknown> } = {},
  ): Promise<SendResult> {
    const started = performance.now();
    const res = await fetch(this.appUrl, {
      method: "POST",
      headers: this.headers(rawBody, contentType, opts),
      body: rawBody,
      signal: AbortSignal.timeout(15_000),
    });
    const body = await res.text();
    const elapsedMs = performance.now() - started;
    const ct = res.headers.get("content-type") ?? undefined;
    let json: unknown;
    if (ct?.startsWith(JSON_TYPE) && body) json = JSON.parse(body);
    return {
      status: res.status,
      body,
      ...(json !== undefined ? { json } : {}),
      ...(ct ? { contentType: ct } : {}),
      elapsedMs,
      payload: meta.body ?? {},
      ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
      ...(meta.responseUrlId ? { responseUrlId: meta.responseUrlId } : {}),
      ...(meta.triggerId ? { triggerId: meta.triggerId } : {}),
    };
  }

  private sendForm(built: Built, opts: SignOptions): Promise<SendResult> {
    return this.raw(form(built.body), FORM, opts, built);
  }

  private sendPayload(built: Built, opts: SignOptions): Promise<SendResult> {
    return this.raw(form({ payload: JSON.stringify(built.body) }), FORM, opts, built);
  }

  slashCommand(o: SlashCommandOptions & SignOptions): Promise<SendResult> {
    return this.sendForm(this.build.slashCommand(o), o);
  }

  blockAction(o: BlockActionOptions & SignOptions): Promise<SendResult> {
    return this.sendPayload(this.build.blockAction(o), o);
  }

  viewSubmission(o: ViewSubmissionOptions & SignOptions): Promise<SendResult> {
    return this.sendPayload(this.build.viewSubmission(o), o);
  }

  event(o: EventOptions & SignOptions): Promise<SendResult> {
    const built = this.build.event(o);
    return this.raw(JSON.stringify(built.body), JSON_TYPE, o, built);
  }

  urlVerification(challenge: string, opts: SignOptions = {}): Promise<SendResult> {
    const body = { token: VERIFICATION_TOKEN, challenge, type: "url_verification" };
    return this.raw(JSON.stringify(body), JSON_TYPE, opts, { body });
  }

  /** Slack's ssl_check; Bolt answers it without checking the signature. */
  sslCheck(opts: SignOptions = {}): Promise<SendResult> {
    const body = { ssl_check: "1", token: VERIFICATION_TOKEN };
    return this.raw(form(body), FORM, opts, { body });
  }
}
