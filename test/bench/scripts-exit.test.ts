import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REDIS_URL } from "../helpers/redis.js";

/** Runs a bench script as `npm run bench…` does, small; resolves with its exit code and output. */
function runBench(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", script], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    const killer = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, out, err });
    });
  });
}

describe("bench scripts print their figures and exit on their own", () => {
  it.each([
    ["bench/jobs.ts", { BENCH_JOBS: "20", BENCH_REDIS_URL: REDIS_URL }, "jobs_per_s"],
    ["bench/client.ts", { BENCH_REQUESTS: "40" }, "client_p50_ms"],
  ])(
    "%s",
    async (script, env, figure) => {
      const r = await runBench(script, env);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^${figure}: [\\d.]+$`, "m"));
    },
    90_000,
  );
});
