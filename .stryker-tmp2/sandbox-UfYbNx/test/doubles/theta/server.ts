/** createThetaDouble: the HTTP server, request log, fault injection and the test-control API. */
// @ts-nocheck

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import type { Core, Ctx } from "./context.js";
import { classify, dispatch } from "./dispatch.js";
import type { Reply } from "./envelope.js";
import { fail, writeReply } from "./envelope.js";
import { FaultBook, faultReply, overridesAnswer, pathMatches } from "./faults.js";
import { logBody, parseBody, readBody } from "./request-body.js";
import { createState } from "./state.js";
import type { BaseUrls, LoggedRequest, ResolvedOptions, ThetaDouble, ThetaDoubleOptions } from "./types.js";
import { cancel, later, now, sleep, type Timer } from "./util.js";
import { resetWebhooks, webhookPlan } from "./webhooks.js";

export function resolveOptions(o: ThetaDoubleOptions): ResolvedOptions {
  return {
    apiKey: o.apiKey ?? "test-ec-key-0123456789abcdef",
    projectId: o.projectId ?? "prj_double0001",
    orgId: o.orgId ?? "org_double0001",
    ondemandToken: o.ondemandToken ?? "test-ondemand-token-0123456789",
    videoSaId: o.videoSaId ?? "srvacc_double0001",
    videoSaSecret: o.videoSaSecret ?? "test-video-secret-0123456789",
    inferenceAuth: o.inferenceAuth ?? { user: "endpoint_user", pass: "endpoint-pass-0123456789" },
    inferTiming: o.inferTiming ?? { pendingMs: 50, processingMs: 100 },
    inferTimingFor: o.inferTimingFor ?? (() => undefined),
    warmup: o.warmup ?? [404, 502],
    videoTiming: o.videoTiming ?? { processingMs: 100 },
    port: o.port ?? 0,
  };
}

function envFor(o: ResolvedOptions, b: BaseUrls): Record<string, string> {
  const auth: Record<string, string> =
    "token" in o.inferenceAuth
      ? { THETA_INFERENCE_AUTH_TOKEN: o.inferenceAuth.token }
      : { THETA_INFERENCE_AUTH_USER: o.inferenceAuth.user, THETA_INFERENCE_AUTH_PASS: o.inferenceAuth.pass };
  return {
    THETA_CONTROLLER_BASE_URL: b.controller,
    THETA_PLATFORM_BASE_URL: b.platform,
    THETA_ONDEMAND_API_BASE_URL: b.ondemand,
    THETA_VIDEO_API_BASE_URL: b.video,
    THETA_INFERENCE_ENDPOINT: b.inference,
    THETA_EC_API_KEY: o.apiKey,
    THETA_EC_PROJECT_ID: o.projectId,
    THETA_ORG_ID: o.orgId,
    THETA_ONDEMAND_API_TOKEN: o.ondemandToken,
    THETA_VIDEO_SA_ID: o.videoSaId,
    THETA_VIDEO_SA_SECRET: o.videoSaSecret,
    ...auth,
    THETA_ALLOW_LOCAL_ENDPOINTS: "1",
    THETA_OUTPUT_HOSTS: "127.0.0.1",
  };
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : (v ?? "");
  return out;
}

function queryRecord(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(q.keys())) {
    const all = q.getAll(k);
    out[k] = all.length === 1 ? (all[0] ?? "") : all;
  }
  return out;
}

export async function createThetaDouble(opts: ThetaDoubleOptions = {}): Promise<ThetaDouble> {
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const options = resolveOptions({ ...opts, port });
  const baseUrls: BaseUrls = {
    controller: `${url}/controller`,
    platform: `${url}/platform`,
    ondemand: `${url}/ondemand`,
    video: `${url}/video`,
    inference: `${url}/dedicated`,
  };
  const abort = new AbortController();
  const timers = new Set<Timer>();
  const core: Core = {
    opts: options,
    url,
    baseUrls,
    state: createState(options, baseUrls),
    signal: abort.signal,
    sleep: (ms) => sleep(ms, abort.signal),
    schedule(ms, fn) {
      const t = later(ms, () => {
        timers.delete(t);
        if (!abort.signal.aborted) fn();
      });
      timers.add(t);
    },
  };
  const requests: LoggedRequest[] = [];
  const faults = new FaultBook();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", url);
    const method = (req.method ?? "GET").toUpperCase();
    const { family, path } = classify(u.pathname);
    const headers = headerRecord(req);
    const body = await parseBody(headers["content-type"] ?? "", await readBody(req));
    const query = queryRecord(u.searchParams);
    requests.push({ family, method, path: u.pathname, query, headers, body: logBody(body), time: now() });
    const ctx: Ctx = { core, method, path, fullPath: u.pathname, query: u.searchParams, headers, body };
    const head = method === "HEAD";
    const f = faults.take(method, u.pathname);
    if (f?.latencyMs) await core.sleep(f.latencyMs);
    let real: Reply | undefined;
    if (f?.delayAfterHandleMs !== undefined) {
      real = await dispatch(family, ctx);
      await core.sleep(f.delayAfterHandleMs);
    }
    if (f?.hang) return; // left open until close()
    if (abort.signal.aborted) return;
    if (f && overridesAnswer(f)) {
      if (real?.body instanceof Readable) real.body.destroy();
      await writeReply(res, faultReply(f), head);
      return;
    }
    const reply = real ?? (await dispatch(family, ctx));
    await writeReply(res, reply, head);
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      void writeReply(res, fail(500, `theta double internal error: ${message}`), false);
    });
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrls,
    env: () => envFor(options, baseUrls),
    options,
    requests,
    count: (method, path) =>
      requests.filter(
        (r) => (method === "*" || r.method === method.toUpperCase()) && pathMatches(path, r.path),
      ).length,
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    reset() {
      requests.length = 0;
      faults.clear();
      core.state = createState(options, baseUrls);
      resetWebhooks(core);
    },
    setLiveServices(aliases) {
      core.state.liveServices = new Set(aliases);
    },
    setInferOutcome(service, outcome) {
      core.state.outcomes.set(service, outcome);
    },
    setPresignedShape(shape) {
      core.state.presignedShape = shape;
    },
    setWarmup(statuses) {
      core.state.warmup = [...statuses];
      core.state.warmupTemplate = [...statuses];
    },
    setBalance(value) {
      core.state.balance = value;
    },
    setOutputBytes(service, bytes) {
      core.state.outputBytes.set(service, Math.max(0, Math.floor(bytes)));
    },
    setWebhookFault(fault) {
      webhookPlan(core).fault = fault;
    },
    webhookCalls: () => [...webhookPlan(core).calls],
    close() {
      closing ??= new Promise<void>((resolve) => {
        abort.abort();
        for (const t of timers) cancel(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
