// @ts-nocheck
import { setTimeout as sleep } from "node:timers/promises";
import { BotError } from "../errors.js";
import type { InferenceCredentials } from "./credentials.js";
import { guardEndpoint } from "./endpoint-guard.js";
import { FamilyClient } from "./family-client.js";
import type { Transport } from "./transport.js";

export interface ReadyOptions {
  probe?: "openai" | "gradio";
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal | undefined;
  onAttempt?:
    | ((a: { attempt: number; status: number | "ok" | "network"; elapsedMs: number }) => void)
    | undefined;
}

const WARMUP = new Set([404, 500, 502, 503, 504]);

function authHeader(c: InferenceCredentials): Record<string, string> {
  if (c.token) return { authorization: `Bearer ${c.token}` };
  if (c.user !== undefined && c.pass !== undefined) {
    return { authorization: `Basic ${Buffer.from(`${c.user}:${c.pass}`).toString("base64")}` };
  }
  return {};
}

/** The deployment's own OpenAI-compatible endpoint (vLLM templates) or Gradio app. */
export class InferenceClient extends FamilyClient {
  readonly endpoint: string;

  constructor(transport: Transport, creds: InferenceCredentials, allowLocal: boolean) {
    const endpoint = guardEndpoint(creds.endpoint, allowLocal);
    super(transport, "inference", endpoint, authHeader(creds));
    this.endpoint = endpoint;
  }

  models() {
    return this.call("GET", "/v1/models");
  }

  /** Chat on the dedicated endpoint; `stream` is forced off, `model` defaults to the first served. */
  async chat(body: Record<string, unknown>) {
    let model = body.model;
    if (model === undefined) {
      // vLLM serves one model; ask which, and fall back to the conventional "default" name.
      const list = (await this.models().catch(() => ({}))) as { data?: Array<{ id?: string }> };
      model = list.data?.[0]?.id ?? "default";
    }
    return this.call("POST", "/v1/chat/completions", {
      json: { ...body, model, stream: false },
      idempotent: false,
      timeoutMs: Math.max(this.transport.opts.timeoutMs, 120_000),
    });
  }

  /** One probe: ready, or a warm-up status; throws for anything that is not warm-up (e.g. 401). */
  async probe(
    kind: "openai" | "gradio" = "openai",
  ): Promise<{ ready: true } | { ready: false; status: number | "network" }> {
    try {
      await this.call("GET", kind === "gradio" ? "/config" : "/v1/models", { maxRetries: 0 });
      return { ready: true };
    } catch (err) {
      if (!(err instanceof BotError)) throw err;
      if (err.status !== undefined && WARMUP.has(err.status)) return { ready: false, status: err.status };
      if (err.status === undefined && err.retriable) return { ready: false, status: "network" };
      throw err;
    }
  }

  /**
   * Waits until the endpoint answers its probe. 404/500/502/503/504 are warm-up: retried with auth
   * until the window closes. A 401/403 right after warm-up statuses is the auth proxy starting and is
   * tolerated twice; otherwise the credentials are wrong and it fails at once.
   */
  async ready(o: ReadyOptions) {
    const path = o.probe === "gradio" ? "/config" : "/v1/models";
    const started = performance.now();
    const statuses: Array<number | "network"> = [];
    let authFailures = 0;
    for (let attempt = 1; ; attempt++) {
      o.signal?.throwIfAborted();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const res = await this.call("GET", path, { maxRetries: 0 });
        o.onAttempt?.({ attempt, status: "ok", elapsedMs: elapsed() });
        return {
          ready: true,
          attempts: attempt,
          elapsedMs: elapsed(),
          statuses,
          probe: o.probe ?? "openai",
          response: res,
        };
      } catch (err) {
        if (!(err instanceof BotError)) throw err;
        const status = err.status;
        statuses.push(status ?? "network");
        o.onAttempt?.({ attempt, status: status ?? "network", elapsedMs: elapsed() });
        const warmingUp = status === undefined ? err.retriable : WARMUP.has(status);
        const proxyStarting =
          (status === 401 || status === 403) &&
          statuses.some((s) => s !== 401 && s !== 403) &&
          ++authFailures <= 2;
        if (!warmingUp && !proxyStarting) throw err;
      }
      if (elapsed() + o.intervalMs > o.timeoutMs) {
        throw new BotError({
          code: "theta_endpoint_unready",
          family: "inference",
          retriable: true,
          message: `The dedicated endpoint was not ready within ${Math.round(o.timeoutMs / 1000)} s (${statuses.length} probes, last ${statuses.at(-1)}). Large models can take 10–15 minutes; try theta.inference.ready again with a longer timeoutMs.`,
          details: { statuses },
        });
      }
      await sleep(o.intervalMs, undefined, o.signal ? { signal: o.signal } : undefined);
    }
  }
}
