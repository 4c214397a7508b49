/**
 * Fetches a job's output file from Theta as a stream: host allowlist on every hop (redirects are
 * followed by hand), a byte cap counted as the body flows, an idle timeout, and typed media errors
 * whose messages never carry a signed URL's query string.
 */
// @ts-nocheck

import type { Readable } from "node:stream";
import { type Dispatcher, request } from "undici";
import { BotError } from "../core/errors.js";
import { BROWSER_HEADERS } from "../core/theta/families.js";
import { checkFetchUrl, THETA_HOST_SUFFIXES } from "../core/theta/host-policy.js";
import { badType, mapTransportError, mediaError, statusError, tooLarge } from "./media-errors.js";
import { discard, guardedStream } from "./media-stream.js";
import {
  bareContentType,
  displayUrl,
  firstHeader,
  type MediaKind,
  pickFilename,
  typeFitsKind,
} from "./media-support.js";

export type { MediaKind } from "./media-support.js";

export interface MediaPolicy {
  /** Operator-listed output hosts (THETA_OUTPUT_HOSTS); http allowed on these. */
  outputHosts: readonly string[];
  /** MEDIA_MAX_BYTES */
  maxBytes: number;
  /** Time to wait for headers, and the idle time allowed between body chunks. Default 120 000. */
  timeoutMs?: number;
}

export interface FetchMediaOptions {
  kind?: MediaKind;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export interface FetchedMedia {
  /** The final URL, after redirects. */
  url: string;
  filename: string;
  /** Without parameters. */
  contentType: string;
  /** Content-Length, when the server sent one. */
  size?: number;
  /** The body; errors with media_too_large once more than maxBytes flowed. Never buffered whole. */
  stream: Readable;
}

export const MAX_REDIRECTS = 3;
export const DEFAULT_MEDIA_TIMEOUT_MS = 120_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PURPOSE = "output";

function checkHop(location: string, from: URL, policy: MediaPolicy): URL {
  let raw: string;
  try {
    raw = new URL(location, from).toString();
  } catch {
    throw mediaError(
      "media_fetch_failed",
      `The output host redirected ${displayUrl(from)} to an invalid location; run the job again.`,
    );
  }
  try {
    return checkFetchUrl(raw, THETA_HOST_SUFFIXES, policy.outputHosts, PURPOSE);
  } catch (err) {
    if (!(err instanceof BotError) || err.code !== "media_host_refused") throw err;
    const to = new URL(raw);
    throw mediaError(
      "media_host_refused",
      `The output download at ${displayUrl(from)} redirected to ${to.protocol}//${to.hostname}, which is refused: only https on Theta's hosts, or hosts listed in THETA_OUTPUT_HOSTS, are allowed.`,
      {},
      { host: to.hostname, redirect: true },
    );
  }
}

export async function fetchMedia(
  url: string,
  policy: MediaPolicy,
  opts: FetchMediaOptions = {},
): Promise<FetchedMedia> {
  const kind = opts.kind ?? "any";
  const timeoutMs = policy.timeoutMs ?? DEFAULT_MEDIA_TIMEOUT_MS;
  let current = checkFetchUrl(url, THETA_HOST_SUFFIXES, policy.outputHosts, PURPOSE);
  for (let hop = 0; ; hop++) {
    const where = displayUrl(current);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(current, {
        method: "GET",
        headers: { ...BROWSER_HEADERS },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      throw mapTransportError(err, where, timeoutMs, opts.signal);
    }
    const { statusCode: status, headers, body } = res;
    if (REDIRECTS.has(status)) {
      discard(body);
      const location = firstHeader(headers.location);
      if (!location) {
        throw mediaError(
          "media_fetch_failed",
          `The output host redirected ${where} without saying where to; run the job again.`,
          {
            status,
          },
        );
      }
      if (hop >= MAX_REDIRECTS) {
        throw mediaError(
          "media_fetch_failed",
          `The output download at ${displayUrl(current)} redirected more than ${MAX_REDIRECTS} times; refused. Run the job again; if it repeats, report it to the operator.`,
          { status },
        );
      }
      current = checkHop(location, current, policy);
      continue;
    }
    if (status < 200 || status >= 300) {
      discard(body);
      throw statusError(status, where, firstHeader(headers["retry-after"]));
    }
    const contentType = bareContentType(firstHeader(headers["content-type"]));
    if (!typeFitsKind(contentType, kind)) {
      discard(body);
      throw badType(contentType, kind, where);
    }
    const lengthHeader = firstHeader(headers["content-length"])?.trim();
    const size = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    if (size !== undefined && size > policy.maxBytes) {
      discard(body);
      throw tooLarge(size, policy.maxBytes);
    }
    const filename = pickFilename(current, firstHeader(headers["content-disposition"]), contentType);
    const stream = guardedStream(body, policy.maxBytes, where, timeoutMs, opts.signal);
    return {
      url: current.toString(),
      filename,
      contentType,
      ...(size === undefined ? {} : { size }),
      stream,
    };
  }
}

/** Convenience for small outputs (≤ policy.maxBytes): reads the whole body into a Buffer. */
export async function fetchMediaBuffer(
  url: string,
  policy: MediaPolicy,
  opts: FetchMediaOptions = {},
): Promise<{ media: Omit<FetchedMedia, "stream">; bytes: Buffer }> {
  const { stream, ...media } = await fetchMedia(url, policy, opts);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { media, bytes: Buffer.concat(chunks) };
}
