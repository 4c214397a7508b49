// @ts-nocheck
import { BotError } from "../errors.js";
import type { ThetaFamily } from "./families.js";
import type { Method, RawResponse, RequestSpec, Transport } from "./transport.js";

export type CallOptions = Omit<RequestSpec, "family" | "method" | "base" | "path" | "headers"> & {
  headers?: Record<string, string>;
};

/** Shared plumbing of the per-family clients: host, auth headers and envelope parsing. */
export class FamilyClient {
  constructor(
    protected readonly transport: Transport,
    readonly family: ThetaFamily,
    protected readonly base: string,
    protected readonly authHeaders: Record<string, string>,
  ) {}

  protected call(method: Method, path: string, opts: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.transport.json({
      family: this.family,
      method,
      base: this.base,
      path,
      ...opts,
      headers: { ...this.authHeaders, ...opts.headers },
    });
  }

  /** Sends and hands back the raw response (for SSE and other streamed bodies). */
  protected raw(method: Method, path: string, opts: CallOptions = {}): Promise<RawResponse> {
    return this.transport.send({
      family: this.family,
      method,
      base: this.base,
      path,
      ...opts,
      headers: { ...this.authHeaders, ...opts.headers },
    });
  }

  /** Tries routes in order, moving on only when a route answers 404 or 405 (route not served). */
  protected async withFallback<T>(
    routes: string[],
    attempt: (route: string) => Promise<T>,
  ): Promise<{
    route: string;
    result: T;
    attempts: Array<{ route: string; status?: number; code: string }>;
  }> {
    const attempts: Array<{ route: string; status?: number; code: string }> = [];
    let last: unknown;
    for (const route of routes) {
      try {
        const result = await attempt(route);
        attempts.push({ route, code: "ok" });
        return { route, result, attempts };
      } catch (err) {
        last = err;
        const status = err instanceof BotError ? err.status : undefined;
        attempts.push({
          route,
          ...(status === undefined ? {} : { status }),
          code: (err as BotError).code ?? "error",
        });
        if (status !== 404 && status !== 405) throw err;
      }
    }
    throw last;
  }
}
