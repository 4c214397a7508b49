// @ts-nocheck
import { z } from "zod";
import { BotError } from "../errors.js";
import type { OndemandCredentials } from "./credentials.js";
import { FamilyClient } from "./family-client.js";
import { catalogSummaries, type ServiceSummary, summarizeLive } from "./ondemand-services.js";
import { type InferRequest, inferEnvelopeBody, serviceListBody } from "./ondemand-types.js";
import { putPresigned } from "./presigned-put.js";
import { bodyOf, shape } from "./shape.js";
import { type ChatStreamSummary, foldChatChunk, parseSse } from "./sse.js";
import type { Transport } from "./transport.js";
import { segment } from "./validate.js";

export interface InferOptions {
  input: Record<string, unknown>;
  wait?: number | undefined;
  prediction?: string | undefined;
  variant?: string | undefined;
  webhook?: string | undefined;
}

export interface ServiceDiscovery {
  source: "live" | "catalog";
  services: ServiceSummary[];
  fallbackReason?: { code: string; message: string } | undefined;
}

export interface PresignedTarget {
  uploadUrl: string;
  filename: string;
}

const LLM_FLOOR_MS = 120_000;
const presignedEntry = z.looseObject({
  presigned_url: z.string().optional(),
  upload_url: z.string().optional(),
  filename: z.string(),
});

/** ondemand.thetaedgecloud.com: discovery, infer requests, uploads, OpenAI-compatible chat. */
export class OndemandClient extends FamilyClient {
  constructor(
    transport: Transport,
    base: string,
    creds: OndemandCredentials | undefined,
    private readonly uploadHosts: readonly string[] = [],
  ) {
    super(transport, "ondemand", base, creds?.token ? { authorization: `Bearer ${creds.token}` } : {});
  }

  /** Live discovery with the bundled catalog as fallback (entries tagged with their source). */
  async discover(): Promise<ServiceDiscovery> {
    try {
      const res = await this.call("GET", "/service/list", { query: { expand: "template_id" } });
      const body = shape("ondemand", "/service/list", serviceListBody, bodyOf(res));
      const services = (body.services ?? [])
        .filter((s) => !s.state || s.state === "public")
        .map(summarizeLive);
      return { source: "live", services };
    } catch (err) {
      if (!(err instanceof BotError)) throw err;
      return {
        source: "catalog",
        services: catalogSummaries(),
        fallbackReason: { code: err.code, message: err.message },
      };
    }
  }

  private timeoutFor(service: string, input: Record<string, unknown>, wait: number | undefined): number {
    const base = this.transport.opts.timeoutMs;
    let t = base;
    if (Array.isArray(input.messages)) t = Math.max(t, LLM_FLOOR_MS);
    if (service === "step_video") {
      const frames = Number.isInteger(input.frames) ? (input.frames as number) : 30;
      t = Math.min(300_000, Math.max(base, Math.ceil((120_000 + frames * 500) / 5000) * 5000));
    }
    if (wait) t = Math.max(t, wait * 1000 + 15_000);
    return t;
  }

  /** Paid: POST /infer_request/{alias}. Never repeated once Theta may have accepted it. */
  async infer(service: string, opts: InferOptions): Promise<{ request: InferRequest; quotas: unknown }> {
    const input = { ...opts.input };
    if (Array.isArray(input.messages) && input.stream === undefined) input.stream = false;
    if (input.stream === true) {
      const s = await this.inferStream(service, opts, input);
      return { request: s, quotas: undefined };
    }
    const route = `/infer_request/${segment("service", service)}`;
    const res = await this.call("POST", route, {
      query: {
        wait: opts.wait,
        prediction: opts.prediction === undefined ? undefined : segment("prediction", opts.prediction),
      },
      json: {
        input,
        ...(opts.variant ? { variant: opts.variant } : {}),
        ...(opts.webhook ? { webhook: opts.webhook } : {}),
      },
      idempotent: false,
      timeoutMs: this.timeoutFor(service, input, opts.wait),
      route: "/infer_request/{service}",
    });
    const body = shape("ondemand", route, inferEnvelopeBody, bodyOf(res));
    return { request: body.infer_requests[0]!, quotas: body.model_quotas ?? undefined };
  }

  /** Job-style chat with stream:true answers SSE: folded into one synthetic finished request. */
  private async inferStream(service: string, opts: InferOptions, input: Record<string, unknown>) {
    const raw = await this.raw("POST", `/infer_request/${segment("service", service)}`, {
      query: { wait: opts.wait, prediction: opts.prediction },
      headers: { accept: "text/event-stream" },
      json: { input, ...(opts.variant ? { variant: opts.variant } : {}) },
      idempotent: false,
      timeoutMs: this.timeoutFor(service, input, opts.wait),
      route: "/infer_request/{service}",
    });
    let acc: ChatStreamSummary = { content: "", reasoning: "", chunks: 0 };
    for await (const chunk of parseSse(raw.body)) acc = foldChatChunk(acc, chunk);
    return {
      id: acc.id?.startsWith("infr_rqst_") ? acc.id : `infr_rqst_stream${Date.now().toString(36)}`,
      state: "success",
      output: { message: acc.content },
      model: acc.model,
      finish_reason: acc.finishReason,
      usage: acc.usage,
      metadata: { reasoning: acc.reasoning || undefined, chunks: acc.chunks },
    } as InferRequest;
  }

  async status(requestId: string): Promise<InferRequest> {
    const route = `/infer_request/${segment("requestId", requestId)}`;
    const res = await this.call("GET", route, { route: "/infer_request/{id}" });
    return shape("ondemand", route, inferEnvelopeBody, bodyOf(res)).infer_requests[0]!;
  }

  /** Upload targets per input field; accepts both documented response shapes. */
  async presignedUrls(
    service: string,
    fields: string[],
    prediction?: string,
  ): Promise<Record<string, PresignedTarget>> {
    const path =
      `/infer_request/${segment("service", service)}` +
      (prediction ? `/${segment("prediction", prediction)}` : "") +
      "/input_presigned_urls";
    const res = await this.call("POST", path, {
      json: { input_fields: fields },
      idempotent: true,
      route: "/infer_request/{service}/input_presigned_urls",
    });
    const body = (bodyOf(res) ?? {}) as Record<string, unknown>;
    const holder = (body.urls && typeof body.urls === "object" ? body.urls : body) as Record<string, unknown>;
    const out: Record<string, PresignedTarget> = {};
    for (const field of fields) {
      const e = shape("ondemand", path, presignedEntry, holder[field]);
      const uploadUrl = e.upload_url ?? e.presigned_url;
      if (!uploadUrl) {
        throw new BotError({
          code: "theta_bad_response",
          family: "ondemand",
          message: `Theta's presigned-URL answer for ${field} has no upload URL.`,
        });
      }
      out[field] = { uploadUrl, filename: e.filename };
    }
    return out;
  }

  /** PUT the bytes to a presigned target (no Theta auth; the URL is signed). */
  upload(target: PresignedTarget, bytes: Buffer): Promise<void> {
    return putPresigned(this.transport, "ondemand", target.uploadUrl, bytes, this.uploadHosts);
  }

  /** OpenAI-compatible chat. stream:false unless streaming is asked for; SSE is folded when it is. */
  async chatCompletions(
    body: Record<string, unknown>,
    onPartial?: (acc: ChatStreamSummary) => void,
  ): Promise<Record<string, unknown>> {
    const wantStream = body.stream === true;
    const json = { ...body, stream: wantStream };
    if (!wantStream) {
      return this.call("POST", "/infer_request/chat/completions", {
        json,
        idempotent: false,
        timeoutMs: Math.max(this.transport.opts.timeoutMs, LLM_FLOOR_MS),
      });
    }
    let acc: ChatStreamSummary = { content: "", reasoning: "", chunks: 0 };
    for await (const chunk of this.chatStream(json)) {
      acc = foldChatChunk(acc, chunk);
      onPartial?.(acc);
    }
    return {
      id: acc.id,
      object: "chat.completion",
      model: acc.model ?? body.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: acc.content,
            ...(acc.reasoning ? { reasoning: acc.reasoning } : {}),
            ...(acc.toolCalls?.length ? { tool_calls: acc.toolCalls } : {}),
          },
          finish_reason: acc.finishReason ?? "stop",
        },
      ],
      usage: acc.usage,
      stream: { chunks: acc.chunks },
    };
  }

  /** Raw OpenAI chunks of a streamed chat completion (for callers that render as they go). */
  async *chatStream(body: Record<string, unknown>): AsyncGenerator<unknown> {
    const raw = await this.raw("POST", "/infer_request/chat/completions", {
      headers: { accept: "text/event-stream" },
      json: { ...body, stream: true },
      idempotent: false,
      timeoutMs: Math.max(this.transport.opts.timeoutMs, LLM_FLOOR_MS),
    });
    yield* parseSse(raw.body);
  }
}
