// @ts-nocheck
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStore } from "../../src/core/store/index.js";
import { expectBotError } from "./helpers.js";

let root: string;
let counter = 0;

async function freshDir(): Promise<string> {
  const dir = join(root, `guard-${++counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "theta-bot-guards-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("EmbeddedStore damaged or unusable database", () => {
  it.each([
    ["random bytes", Buffer.alloc(8192, 0x5a)],
    ["a short text file", Buffer.from("not a database\n")],
  ])(
    "rejects a state.db holding %s with store_corrupt, naming it, and leaves it intact",
    async (_, bytes) => {
      const dataDir = await freshDir();
      const file = join(dataDir, "state.db");
      await writeFile(file, bytes);
      const err = await expectBotError(EmbeddedStore.open({ dataDir }), "store_corrupt");
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/move it aside/i);
      expect(Buffer.compare(await readFile(file), bytes)).toBe(0);
      await rm(file);
      const store = await EmbeddedStore.open({ dataDir });
      expect(await store.keys("")).toEqual([]);
      await store.close();
    },
  );

  it("a writer kept waiting past the busy timeout gets store_unavailable, then works once the lock is free", async () => {
    const dataDir = await freshDir();
    const store = await EmbeddedStore.open({ dataDir, busyTimeoutMs: 100 });
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(join(dataDir, "state.db"));
    other.exec("BEGIN IMMEDIATE");
    try {
      const err = await expectBotError(store.set("k", "v"), "store_unavailable");
      expect(err.retriable).toBe(true);
      expect(await store.get("k")).toBeNull();
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    await store.set("k", "v");
    expect(await store.get("k")).toBe("v");
    await store.close();
  });
});
