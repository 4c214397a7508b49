import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs src/main.ts as a real process until it exits; its stderr and exit code. */
function runMain(env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        DATA_DIR: mkdtempSync(join(tmpdir(), "tb-start-")),
        LOG_LEVEL: "silent",
        ...env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    const killer = setTimeout(() => p.kill("SIGKILL"), 30_000);
    p.on("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
  });
}

/** A port that refuses connections (listened on, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("start-up errors name the variable and the fix, and stop with exit 2", () => {
  it("REDIS_URL pointing at a closed port", async () => {
    const port = await closedPort();
    const r = await runMain({ REDIS_URL: `redis://127.0.0.1:${port}`, HTTP_PORT: "0" });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^theta-bot: REDIS_URL: .*127\\.0\\.0\\.1:${port}.*unset REDIS_URL`)),
    ]);
  });

  it("Slack unreachable (or refusing the token) at start: one line, no crash with a stack", async () => {
    const port = await closedPort();
    const r = await runMain({
      HTTP_PORT: "0",
      SLACK_BOT_TOKEN: "xoxb-1-2-notreal",
      SLACK_SIGNING_SECRET: "signing-secret-for-test",
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      SLACK_PORT: "0",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^theta-bot: Slack's auth\.test failed for SLACK_BOT_TOKEN at start: check the token/m,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no unhandled rejection with a stack
  });

  it("HTTP_PORT already in use, before any worker starts", async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, "0.0.0.0", r));
    const port = (holder.address() as { port: number }).port;
    try {
      const r = await runMain({ HTTP_PORT: String(port), LOG_LEVEL: "info" });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`theta-bot: HTTP_PORT ${port} is in use by another process: set HTTP_PORT`),
      );
      expect(r.stderr).not.toMatch(/workers started|EADDRINUSE.*\n\s+at /);
    } finally {
      holder.close();
    }
  });

  it.each([
    [{ DISCORD_TOKEN: "x.y.z" }, /DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not/],
    [
      { DISCORD_APPLICATION_ID: "123456789012345678" },
      /DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not/,
    ],
    [
      { SLACK_BOT_TOKEN: "xoxb-1" },
      /SLACK_BOT_TOKEN is set but Slack cannot reach the bot: set SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN/,
    ],
    [{ SLACK_SIGNING_SECRET: "s" }, /SLACK_SIGNING_SECRET is set but no bot token is: set SLACK_BOT_TOKEN/],
    [
      { SLACK_CLIENT_ID: "1", SLACK_SIGNING_SECRET: "s" },
      /SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are not/,
    ],
  ])("a half-configured platform %j", async (env, message) => {
    const r = await runMain({ ...env, HTTP_PORT: "0" });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(message)]);
  });
});
