// @ts-nocheck
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EmbeddedStore } from "../../src/core/store/index.js";
import { Ledger } from "../../src/jobs/ledger.js";

/** Starts src/<entry>.ts as a real process and resolves once it logs that it is running. */
function startProcess(entry: string, env: Record<string, string>) {
  const p = spawn(process.execPath, ["--import", "tsx", `src/${entry}.ts`], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = "";
  const running = new Promise<string>((resolve, reject) => {
    p.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      for (const line of d.toString().split("\n").filter(Boolean)) {
        try {
          const j = JSON.parse(line) as Record<string, unknown>;
          lines.push(j);
          if (typeof j.http === "string") resolve(j.http);
        } catch {
          // not a log line
        }
      }
    });
    p.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  running.catch(() => {}); // awaited only by the tests that expect a start
  const exited = new Promise<number | null>((r) => p.on("exit", (code) => r(code)));
  return { p, lines, running, exited, stderr: () => stderr };
}

describe("npm start with no Redis and no chat platform", () => {
  it("starts workers and the HTTP server on the embedded store, reports ready, and drains on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-main-"));
    const proc = startProcess("main", { DATA_DIR: dir, HTTP_PORT: "0", LOG_LEVEL: "info" });
    const url = await proc.running;
    expect(
      proc.lines.some((l) => l.msg === "workers started" && l.queue === "embedded" && l.store === "embedded"),
    ).toBe(true);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { store: true, queue: true, workers: true } });
    proc.p.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(proc.lines.some((l) => l.msg === "stopped")).toBe(true);
  });

  it("refuses to start with invalid configuration, naming every bad variable (exit 2)", async () => {
    const proc = startProcess("main", { THETA_DRY_RUN: "sometimes", WORKER_CONCURRENCY: "lots" });
    const code = await proc.exited;
    expect(code).toBe(2);
    expect(proc.stderr()).toMatch(/THETA_DRY_RUN.*WORKER_CONCURRENCY/);
  });

  it("a second bot process on the same data dir is refused with the owner's pid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-main-"));
    const first = startProcess("main", { DATA_DIR: dir, HTTP_PORT: "0" });
    await first.running;
    const second = startProcess("worker", { DATA_DIR: dir, HTTP_PORT: "0" });
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`already runs the jobs of the data dir ${dir}`);
    expect(second.stderr()).toContain(`pid ${first.p.pid}`);
    first.p.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    // Once the first has stopped, its data dir can be run again.
    const third = startProcess("main", { DATA_DIR: dir, HTTP_PORT: "0" });
    expect((await fetch(`${await third.running}/readyz`)).status).toBe(200);
    third.p.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  });

  it("the CLI runs while the bot runs on the same data dir, and both see the same state", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-main-"));
    const bot = startProcess("main", { DATA_DIR: dir, HTTP_PORT: "0" });
    const url = await bot.running;
    // A third process writes a job record while the bot holds the data dir open.
    const store = await EmbeddedStore.open({ dataDir: dir });
    await new Ledger(store).create({
      id: "shared-job-1",
      kind: "ondemand",
      title: "made while the bot runs",
      origin: { platform: "cli", tenantId: "cli", userId: "operator" },
      data: {},
    });
    await store.close();
    const cli = spawn(
      process.execPath,
      ["--import", "tsx", "src/adapters/cli/main.ts", "jobs", "list", "--json"],
      {
        env: { PATH: process.env.PATH ?? "", DATA_DIR: dir, LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    cli.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    cli.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const [code] = (await once(cli, "exit")) as [number | null];
    expect(err).toBe("");
    expect(code).toBe(0);
    expect((JSON.parse(out) as Array<{ id: string }>).map((e) => e.id)).toEqual(["shared-job-1"]);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    bot.p.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  });
});
