import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, type Dispatcher, type FormData, request } from "undici";
import { backoffDelay } from "../backoff.js";
import { BotError } from "../errors.js";
import { cleanMessage, redact, redactHeaders, redactValue } from "../redact.js";
import { BROWSER_HEADERS, type ThetaFamily } from "./families.js";
import { httpError, isErrorEnvelope, parseRetryAfter } from "./http-errors.js";
import { noteSending } from "./send-tracker.js";

export type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface RequestSpec {
  family: ThetaFamily;
  method: Method;
  /** Absolute base (operator-configured host) and path; chat input never chooses the host. */
  base: string;
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  /** A function is a stream opened afresh for each attempt (uploads from disk). */
  body?: Buffer | string | FormData | (() => Readable);
  /** Safe to repeat after the server may have seen it. Defaults: GET/PUT/DELETE yes, POST/PATCH no. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Overrides the transport's retry count for this request (e.g. 0 for a probe loop). */
  maxRetries?: number;
  /** Route label for errors and metrics (defaults to the path). */
  route?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

export interface TransportHooks {
  onResponse?(e: { family: ThetaFamily; method: string; route: string; status: number; ms: number }): void;
}

export interface TransportOptions extends TransportHooks {
  timeoutMs: number;
  maxRetries: number;
  retryBackoffMs: number;
  dispatcher?: Dispatcher;
  /** When set, non-GET requests are not sent: a DryRunCapture with the exact request is thrown. */
  capture?: boolean;
  /** Retry-After above this many seconds is not waited out; the typed error carries it instead. */
  maxRetryAfterSeconds?: number;
}

export interface RequestPreview {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Thrown in dry-run capture mode instead of sending a mutating request. */
export class DryRunCapture extends Error {
  constructor(readonly preview: RequestPreview) {
    super(`dry run: ${preview.method} ${preview.url}`);
    this.name = "DryRunCapture";
  }
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
/** Failures that prove nothing reached the server: safe to retry even for a paid POST. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const sharedAgent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function buildUrl(base: string, path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(
    path === "" ? base : base.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`),
  );
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
  return url.toString();
}

export class Transport {
  constructor(readonly opts: TransportOptions) {}

  get dispatcher(): Dispatcher {
    return this.opts.dispatcher ?? sharedAgent;
  }

  /** Sends with retries; returns the raw response (status < 400) for the caller to read. */
  async send(spec: RequestSpec): Promise<RawResponse> {
    const url = buildUrl(spec.base, spec.path, spec.query);
    const headers: Record<string, string> = { ...BROWSER_HEADERS, ...spec.headers };
    let body: RequestSpec["body"] = spec.body;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers["content-type"] = "application/json";
    }
    if (this.opts.capture && spec.method !== "GET") {
      throw new DryRunCapture({
        method: spec.method,
        url: redact(url),
        headers: redactHeaders(headers),
        ...(spec.json !== undefined
          ? { body: redactValue(spec.json) }
          : body !== undefined
            ? {
                body:
                  typeof body === "string"
                    ? redact(body)
                    : typeof body === "function"
                      ? `[file upload, ${headers["content-length"] ?? "?"} bytes]`
                      : "[binary or multipart body]",
              }
            : {}),
      });
    }
    const idempotent =
      spec.idempotent ?? (spec.method === "GET" || spec.method === "PUT" || spec.method === "DELETE");
    const route = spec.route ?? spec.path;
    const maxWait = this.opts.maxRetryAfterSeconds ?? 30;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const timeoutMs = spec.timeoutMs ?? this.opts.timeoutMs;
      let failure: BotError;
      let sent: boolean;
      try {
        noteSending(spec.method);
        const res = await request(url, {
          method: spec.method,
          headers,
          body: typeof body === "function" ? body() : (body ?? null),
          dispatcher: this.dispatcher,
          signal: AbortSignal.timeout(timeoutMs),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        this.opts.onResponse?.({
          family: spec.family,
          method: spec.method,
          route,
          status: res.statusCode,
          ms: performance.now() - started,
        });
        if (res.statusCode < 400) return { status: res.statusCode, headers: res.headers, body: res.body };
        const text = await res.body.text().catch(() => "");
        failure = httpError({
          family: spec.family,
          status: res.statusCode,
          method: spec.method,
          route,
          body: tryJson(text),
          text,
          retryAfterSeconds: parseRetryAfter(res.headers["retry-after"]),
        });
        // Only a rate-limit answer proves the server refused the work; any other status may
        // follow an accepted paid POST, which is therefore never repeated.
        sent = res.statusCode !== 429;
        if (!RETRY_STATUS.has(res.statusCode)) throw failure;
      } catch (err) {
        if (err instanceof BotError) throw err;
        ({ error: failure, sent } = this.networkError(err, spec, route, timeoutMs));
      }
      const canRepeat = idempotent || !sent;
      const wait = this.delayFor(attempt, failure.retryAfterSeconds);
      if (
        !canRepeat ||
        attempt >= (spec.maxRetries ?? this.opts.maxRetries) ||
        wait === undefined ||
        wait > maxWait * 1000
      ) {
        throw failure;
      }
      await sleep(wait);
    }
  }

  private delayFor(attempt: number, retryAfterSeconds: number | undefined): number | undefined {
    return backoffDelay({
      attempt,
      baseMs: this.opts.retryBackoffMs,
      maxMs: Number.POSITIVE_INFINITY,
      retryAfterSeconds,
    });
  }

  private networkError(err: unknown, spec: RequestSpec, route: string, timeoutMs: number) {
    const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code ?? "";
    const where = `${spec.method} ${route}`;
    if (e.name === "TimeoutError" || e.name === "AbortError" || /TIMEOUT/.test(code)) {
      const notSent = code === "UND_ERR_CONNECT_TIMEOUT";
      return {
        sent: !notSent,
        error: new BotError({
          code: "theta_timeout",
          family: spec.family,
          retriable: true,
          message: `Theta did not answer ${where} within ${timeoutMs} ms${
            spec.method === "POST" && !notSent ? "; the request may still have been accepted" : ""
          }.`,
          details: { route: where, ...(notSent ? { notSent: true } : {}) },
        }),
      };
    }
    const notSent = NOT_SENT.has(code);
    return {
      sent: !notSent,
      error: new BotError({
        code: "theta_network_error",
        family: spec.family,
        retriable: true,
        message: `Could not reach Theta for ${where}: ${cleanMessage(code || e.message || String(err), 120)}`,
        details: { route: where, ...(notSent ? { notSent: true } : {}) },
      }),
    };
  }

  /** Sends and parses a JSON envelope. Empty 2xx → {status:"success"}; text → {status:"success", raw}. */
  async json(spec: RequestSpec): Promise<Record<string, unknown>> {
    const res = await this.send(spec);
    const text = await res.body.text();
    const route = `${spec.method} ${spec.route ?? spec.path}`;
    if (text.trim() === "") return { status: "success" };
    const type = String(res.headers["content-type"] ?? "");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (/json/.test(type) || /^\s*[[{]/.test(text)) {
        throw new BotError({
          code: "theta_bad_response",
          family: spec.family,
          status: res.status,
          message: `Theta sent a malformed JSON body for ${route}.`,
          details: { route },
        });
      }
      return { status: "success", raw: text };
    }
    if (isErrorEnvelope(parsed)) {
      throw httpError({
        family: spec.family,
        status: res.status,
        method: spec.method,
        route: spec.path,
        body: parsed,
        text,
      });
    }
    if (Array.isArray(parsed)) return { status: "success", body: parsed };
    return parsed as Record<string, unknown>;
  }
}
