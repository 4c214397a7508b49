/**
 * The real bot (`src/main.ts`) as its own process, for replica tests and benches: its JSON log lines,
 * the gateway shards it holds (from "discord shard ready" / "discord shard released"), and SIGKILL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BotProcess {
  name: string;
  proc: ChildProcess;
  lines: Array<Record<string, unknown>>;
  /** Shards this process holds now, per its log. */
  shards(): Set<number>;
  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(
    predicate: (l: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Every bot process still running: killed when this process exits, however it exits (a crashed
 * bench once left three replicas running for the rest of the session). */
const live = new Set<ChildProcess>();
let reaperInstalled = false;
function reapOnExit(proc: ChildProcess): void {
  live.add(proc);
  proc.once("exit", () => live.delete(proc));
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.once("exit", () => {
    for (const p of live) p.kill("SIGKILL");
  });
}

export function startBotProcess(name: string, env: Record<string, string | undefined>): BotProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      DATA_DIR: mkdtempSync(join(tmpdir(), `tb-${name}-`)),
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  reapOnExit(proc);
  const lines: Array<Record<string, unknown>> = [];
  const held = new Set<number>();
  let stderr = "";
  let partial = "";
  const waiters = new Set<() => void>();
  proc.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-200_000);
    const parts = (partial + d.toString()).split("\n");
    partial = parts.pop() ?? "";
    for (const text of parts.filter(Boolean)) {
      try {
        const l = JSON.parse(text) as Record<string, unknown>;
        lines.push(l);
        if (l.msg === "discord shard ready") held.add(Number(l.shard));
        if (l.msg === "discord shard released") held.delete(Number(l.shard));
      } catch {
        // not a log line
      }
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return {
    name,
    proc,
    lines,
    shards: () => new Set(held),
    stderr: () => stderr,
    exited,
    waitForLog: (predicate, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find(predicate);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no matching log line within ${timeoutMs} ms\n${stderr.slice(-3000)}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then((code) => {
          if (waiters.delete(check)) {
            clearTimeout(timer);
            reject(new Error(`${name} exited (${code}) before the log line\n${stderr.slice(-3000)}`));
          }
        });
        check();
      }),
    async kill(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

/** Polls `probe` until it is true (or throws after `timeoutMs`). */
export async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
