/** A throwaway redis-server for a benchmark (no persistence, a free port), so its counts are its own. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export interface BenchRedis {
  url: string;
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const p = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<void>((r) => p.once("exit", () => r()));
  let log = "";
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${log}`)), 15_000);
    p.stdout!.on("data", (b: Buffer) => {
      log += b.toString();
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        ok();
      }
    });
    p.once("error", (err) => {
      clearTimeout(timer);
      fail(err);
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
      await exited;
    },
  };
}
