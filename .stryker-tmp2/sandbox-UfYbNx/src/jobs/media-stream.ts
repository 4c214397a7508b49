/** The guarded body stream of a media fetch: byte cap counted as it flows, typed errors. */
// @ts-nocheck

import { Readable } from "node:stream";
import { mapTransportError, tooLarge } from "./media-errors.js";

const ignore = (): void => undefined;

/** Closes a body we will not read. undici reports the abort as an 'error' event, which is expected here. */
export function discard(body: Readable): void {
  if (body.listenerCount("error") === 0) body.on("error", ignore);
  if (!body.destroyed) body.destroy();
}

/**
 * The body as a Readable that errors with media_too_large once more than `maxBytes` flowed through,
 * and with typed errors for timeouts and broken connections. Pulled with backpressure, never buffered.
 */
export function guardedStream(
  body: Readable,
  maxBytes: number,
  where: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Readable {
  async function* guarded(): AsyncGenerator<Buffer> {
    let received = 0;
    try {
      for await (const chunk of body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        received += buf.length;
        if (received > maxBytes) throw tooLarge(received, maxBytes, received);
        yield buf;
      }
    } catch (err) {
      throw mapTransportError(err, where, timeoutMs, signal, received);
    } finally {
      discard(body);
    }
  }
  const out = Readable.from(guarded(), { objectMode: false });
  // A consumer that gives up mid-download (destroy) must not leave the socket open until the idle timeout.
  out.once("close", () => discard(body));
  return out;
}
