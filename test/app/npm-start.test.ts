import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Processes started with this DATA_DIR (a bot npm left behind would be one): stopped by pid. */
function killLeftovers(dataDir: string): number {
  let killed = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (env.includes(`DATA_DIR=${dataDir}`)) {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}

beforeAll(() => {
  // `npm start` runs the built bot; `npm ci` builds it (prepare), a bare checkout may not have.
  if (!existsSync("dist/main.js")) execFileSync(npm, ["run", "-s", "build"], { stdio: "ignore" });
}, 180_000);

describe("npm start as an operator runs it", () => {
  it("SIGTERM to the npm process drains the bot and nothing is left serving", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-npm-"));
    const p = spawn(npm, ["start"], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dir, HTTP_PORT: "0", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const url = await new Promise<string>((resolve, reject) => {
      const seen = (d: Buffer) => {
        log += d.toString();
        const m = /"http":"(http:\/\/[^"]+)"/.exec(log);
        if (m) resolve(m[1]!);
      };
      p.stdout.on("data", seen);
      p.stderr.on("data", seen);
      p.on("exit", (code) => reject(new Error(`npm start exited ${code}: ${log}`)));
    });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const exited = new Promise<number | null>((r) => p.on("exit", (code) => r(code)));
      p.kill("SIGTERM");
      await exited;
      expect(log).toMatch(/"msg":"draining/);
      expect(log).toMatch(/"msg":"stopped"/);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      expect(killLeftovers(dir)).toBe(0);
    }
  }, 60_000);
});
