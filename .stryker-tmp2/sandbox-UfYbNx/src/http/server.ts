// @ts-nocheck
import { createServer, type Server } from "node:http";
import type { Metrics } from "../core/metrics.js";

export interface ReadyCheck {
  name: string;
  check(): Promise<boolean>;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  metrics: Metrics;
  checks: ReadyCheck[];
  /** Refreshes gauges that are read on scrape (queue depth). */
  beforeScrape?: () => Promise<void>;
  /** POST routes outside the health endpoints (Theta completion webhooks): status for a path. */
  post?: { matches(path: string): boolean; handle(path: string): Promise<number> };
}

const MAX_POST_BYTES = 1024 * 1024;

const TIMEOUT_MS = 2000;

async function runChecks(checks: ReadyCheck[]) {
  const results = await Promise.all(
    checks.map(async (c) => {
      const ok = await Promise.race([
        c.check().catch(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(false), TIMEOUT_MS).unref()),
      ]);
      return [c.name, ok] as const;
    }),
  );
  return { ok: results.every(([, ok]) => ok), checks: Object.fromEntries(results) };
}

/** /healthz (process up), /readyz (store, queue, workers), /metrics (Prometheus). */
export async function startHttpServer(o: HttpServerOptions): Promise<Server & { url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, body: string, type = "application/json") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method === "POST" && o.post?.matches(path ?? "")) {
      // The body is read and dropped: a webhook only says "look again", never what happened.
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_POST_BYTES) req.destroy();
      });
      req.on("end", () => {
        void o.post!.handle(path ?? "").then(
          (status) => send(status, status < 300 ? '{"ok":true}' : '{"error":"not found"}'),
          () => send(500, '{"error":"internal"}'),
        );
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, '{"error":"method not allowed"}');
    if (path === "/healthz") return send(200, '{"ok":true}');
    if (path === "/readyz") {
      void runChecks(o.checks).then((r) => send(r.ok ? 200 : 503, JSON.stringify(r)));
      return;
    }
    if (path === "/metrics") {
      void (async () => {
        await o.beforeScrape?.().catch(() => {});
        send(200, await o.metrics.registry.metrics(), o.metrics.registry.contentType);
      })();
      return;
    }
    send(404, '{"error":"not found","routes":["/healthz","/readyz","/metrics"]}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host ?? "0.0.0.0", () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : o.port;
  return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}
