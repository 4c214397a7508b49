// @ts-nocheck
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStore } from "../../src/core/store/index.js";

const WRITER = fileURLToPath(new URL("./fixtures/store-writer.ts", import.meta.url));
const ROUNDS = 300;
const NAMES = ["bot", "cli", "worker"];

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "theta-bot-procs-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts a writer process and resolves once it has opened the store, with a way to start it and its result. */
async function startWriter(name: string) {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, dataDir, name, String(ROUNDS)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    out += chunk;
  });
  const exited = once(child, "exit");
  while (!out.includes("ready\n")) {
    await Promise.race([once(child.stdout, "data"), exited]);
    if (child.exitCode !== null) throw new Error(`writer ${name} exited early: ${out}`);
  }
  return {
    go: () => child.stdin.end("go\n"),
    result: async (): Promise<{ won: number[] }> => {
      const [code] = await exited;
      expect(code).toBe(0);
      return JSON.parse(out.slice(out.indexOf("ready\n") + 6));
    },
  };
}

describe("EmbeddedStore shared by several processes on one data dir", () => {
  it("three processes writing at once lose no increment and have exactly one winner per claim", {
    timeout: 60_000,
  }, async () => {
    const writers = await Promise.all(NAMES.map(startWriter));
    for (const w of writers) w.go();
    const results = await Promise.all(writers.map((w) => w.result()));

    const store = await EmbeddedStore.open({ dataDir });
    try {
      const total = ROUNDS * NAMES.length;
      expect(await store.get("counter")).toBe(String(total));
      expect(await store.get("cas")).toBe(String(total));
      expect(await store.get("spend")).toBe(String(Number((0.01 * total).toFixed(10))));
      expect(await store.hgetall("per-user")).toEqual({
        all: String(total),
        ...Object.fromEntries(NAMES.map((n) => [n, String(ROUNDS)])),
      });
      expect(await store.zcard("index")).toBe(total);

      const wins = results.flatMap((r, w) => r.won.map((i) => ({ i, name: NAMES[w] })));
      expect(wins).toHaveLength(ROUNDS);
      expect(new Set(wins.map((x) => x.i)).size).toBe(ROUNDS);
      for (const { i, name } of wins) {
        expect(await store.get(`claim:${i}`)).toBe(name);
      }
    } finally {
      await store.close();
    }
  });
});
