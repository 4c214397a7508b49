/**
 * vitest globalSetup: finds a Redis for the tests that need one. It tries TEST_REDIS_URL (default
 * redis://127.0.0.1:6379); when nothing answers there it starts its own `redis-server` on a free
 * port (no persistence) for this run and stops it afterwards. Without the binary the run stops at
 * once with one line saying what to install. Tests read the URL from test/helpers/redis.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createConnection, createServer } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** True when a Redis answers PING at the URL within the time limit. */
export function pingRedis(url: string, timeoutMs = 800): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on("error", () => done(false));
    sock.on("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => done(String(d).startsWith("+PONG")));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startOwnRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn("redis-server", args, { stdio: "ignore" });
  const failed = new Promise<Error>((resolve) => child.once("error", resolve));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const err = await Promise.race([failed, new Promise((r) => setTimeout(r, 50, undefined))]);
    if (err) throw err;
    if (await pingRedis(url, 200)) return { url, child };
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port}`);
}

let own: ChildProcess | undefined;

export default async function setup(project: TestProject): Promise<() => void> {
  const wanted = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  let url = wanted;
  if (!(await pingRedis(wanted))) {
    try {
      const started = await startOwnRedis();
      own = started.child;
      url = started.url;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
      // One line and stop: a stack trace or 69 ECONNREFUSED failures would only hide the fix.
      process.stderr.write(
        missing
          ? `The tests need Redis: nothing answers at ${wanted} and redis-server is not installed. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set TEST_REDIS_URL.\n`
          : `The tests need Redis: nothing answers at ${wanted} and starting redis-server failed: ${(err as Error).message}\n`,
      );
      process.exit(1);
    }
  }
  project.provide("redisUrl", url);
  process.env.TEST_REDIS_URL = url;
  return () => {
    own?.kill("SIGTERM");
  };
}
