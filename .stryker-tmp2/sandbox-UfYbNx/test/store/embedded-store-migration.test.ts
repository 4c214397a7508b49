// @ts-nocheck
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStore } from "../../src/core/store/index.js";
import { expectBotError } from "./helpers.js";

let root: string;
let counter = 0;
const children: ChildProcess[] = [];

async function freshDir(): Promise<string> {
  const dir = join(root, `migrate-${++counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A state.json as the file store before SQLite wrote it (namespaced keys, absolute expiries). */
function legacyFile(now = Date.now()): string {
  return JSON.stringify({
    version: 1,
    entries: {
      "theta-bot:ledger:job-1": { type: "string", value: '{"id":"job-1","state":"queued"}' },
      "theta-bot:spend:t1:2026-12-01": { type: "string", value: "0.3", expiresAt: now + 3_600_000 },
      "theta-bot:creds:t1": { type: "hash", value: { ondemand: "v1.sealed", video: "v1.other" } },
      "theta-bot:expired": { type: "string", value: "gone", expiresAt: now - 1000 },
      "other-ns:kept": { type: "string", value: "theirs" },
    },
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "theta-bot-migrate-"));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  await rm(root, { recursive: true, force: true });
});

describe("EmbeddedStore importing a legacy state.json", () => {
  it("imports strings, hashes and expiries on first open, drops expired keys, renames the file", async () => {
    const dataDir = await freshDir();
    const text = legacyFile();
    await writeFile(join(dataDir, "state.json"), text);
    await writeFile(join(dataDir, "state.json.tmp-4242"), "{half");
    const store = await EmbeddedStore.open({ dataDir });
    expect(await store.get("ledger:job-1")).toBe('{"id":"job-1","state":"queued"}');
    expect(await store.incrDecimal("spend:t1:2026-12-01", 0.1)).toBe(0.4);
    expect(await store.ttlMs("spend:t1:2026-12-01")).toBeGreaterThan(3_000_000);
    expect(await store.hgetall("creds:t1")).toEqual({ ondemand: "v1.sealed", video: "v1.other" });
    expect(await store.ttlMs("creds:t1")).toBe(-1);
    expect(await store.get("expired")).toBeNull();
    expect(await store.keys("")).toEqual(["creds:t1", "ledger:job-1", "spend:t1:2026-12-01"]);
    await store.close();
    const files = await readdir(dataDir);
    expect(files).not.toContain("state.json");
    expect(files).not.toContain("state.json.tmp-4242");
    expect(await readFile(join(dataDir, "state.json.migrated"), "utf8")).toBe(text);
    const other = await EmbeddedStore.open({ dataDir, keyPrefix: "other-ns:" });
    expect(await other.get("kept")).toBe("theirs");
    await other.close();
  });

  it("imports once: a later open keeps what changed since, and a state.json put back is not imported again", async () => {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, "state.json"), legacyFile());
    const first = await EmbeddedStore.open({ dataDir });
    await first.set("ledger:job-1", "changed after the import");
    await first.close();
    await writeFile(join(dataDir, "state.json"), legacyFile());
    const second = await EmbeddedStore.open({ dataDir });
    expect(await second.get("ledger:job-1")).toBe("changed after the import");
    await second.close();
    const files = await readdir(dataDir);
    expect(files).not.toContain("state.json");
    expect(files.filter((f) => f.startsWith("state.json.migrated"))).toHaveLength(2);
  });

  it.each([
    ["not JSON", '{"version":1,"entries":{"theta-bot:a"'],
    ["an unexpected shape", '{"version":1,"entries":{"theta-bot:a":{"type":"string","value":5}}}'],
  ])(
    "refuses a state.json that is %s with store_corrupt, leaves it intact, imports nothing",
    async (_, text) => {
      const dataDir = await freshDir();
      const file = join(dataDir, "state.json");
      await writeFile(file, text);
      const err = await expectBotError(EmbeddedStore.open({ dataDir }), "store_corrupt");
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/move it aside/i);
      expect(await readFile(file, "utf8")).toBe(text);
      await rm(file);
      const store = await EmbeddedStore.open({ dataDir });
      expect(await store.keys("")).toEqual([]);
      await store.close();
    },
  );

  it("waits for an older theta-bot still holding state.lock, then imports and removes the stale lock", async () => {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, "state.json"), legacyFile());
    const old = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    children.push(old);
    await writeFile(join(dataDir, "state.lock"), `${old.pid}\n`);
    const err = await expectBotError(EmbeddedStore.open({ dataDir }), "store_locked");
    expect(err.message).toContain(String(old.pid));
    expect(await readdir(dataDir)).toContain("state.json");
    old.kill();
    await once(old, "exit");
    const store = await EmbeddedStore.open({ dataDir });
    expect(await store.hget("creds:t1", "ondemand")).toBe("v1.sealed");
    await store.close();
    expect(await readdir(dataDir)).not.toContain("state.lock");
  });
});
