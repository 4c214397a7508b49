// @ts-nocheck
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStore, openStateStore } from "../../src/core/store/index.js";
import { sleep } from "./helpers.js";
import { describeStateStoreContract } from "./state-store.contract.js";

let root: string;
let counter = 0;
const freshDir = (): string => join(root, `store-${++counter}`);

/** The namespaced keys really in the database file, read over a separate read-only connection. */
function keysOnDisk(dataDir: string): string[] {
  const db = new Database(join(dataDir, "state.db"), { readonly: true });
  try {
    return (db.prepare("SELECT key FROM entries ORDER BY key").all() as Array<{ key: string }>).map(
      (r) => r.key,
    );
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "theta-bot-store-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStateStoreContract("embedded", () => EmbeddedStore.open({ dataDir: freshDir() }));

describe("EmbeddedStore persistence", () => {
  it("survives a restart: strings, hashes, counters, sorted sets and expiries", async () => {
    const dataDir = freshDir();
    const first = await EmbeddedStore.open({ dataDir });
    await first.set("s", "kept");
    await first.hset("h", { a: "1" });
    await first.incrDecimal("n", 0.1);
    await first.incrDecimal("n", 0.2);
    await first.zadd("z", { b: 2, a: 1 });
    await first.set("short", "v", { ttlMs: 150 });
    await first.set("long", "v", { ttlMs: 60_000 });
    await first.close();

    const second = await EmbeddedStore.open({ dataDir });
    expect(await second.get("s")).toBe("kept");
    expect(await second.hgetall("h")).toEqual({ a: "1" });
    expect(await second.get("n")).toBe("0.3");
    expect(await second.zrange("z")).toEqual(["a", "b"]);
    expect(await second.ttlMs("short")).toBeGreaterThan(0);
    expect(await second.ttlMs("long")).toBeGreaterThan(150);
    await sleep(250);
    expect(await second.get("short")).toBeNull();
    expect(await second.get("long")).toBe("v");
    await second.close();
  });

  it("every write is committed when its call resolves, with no flush and no close", async () => {
    const dataDir = freshDir();
    const store = await EmbeddedStore.open({ dataDir });
    await store.set("committed", "yes");
    await store.hset("h", { f: "1" });
    expect(keysOnDisk(dataDir)).toEqual(["theta-bot:committed", "theta-bot:h"]);
    await store.close();
  });

  it("drops keys that expired while closed, and keeps another namespace's keys untouched", async () => {
    const dataDir = freshDir();
    const first = await EmbeddedStore.open({ dataDir, keyPrefix: "a:" });
    await first.set("brief", "v", { ttlMs: 50 });
    await first.set("mine", "v");
    await first.close();
    await sleep(150);
    const other = await EmbeddedStore.open({ dataDir, keyPrefix: "b:" });
    expect(await other.keys("")).toEqual([]);
    expect(await other.get("mine")).toBeNull();
    await other.set("theirs", "v");
    await other.close();
    const again = await EmbeddedStore.open({ dataDir, keyPrefix: "a:" });
    expect(await again.keys("")).toEqual(["mine"]);
    await again.close();
  });

  it("sweeps expired keys (with their fields and members) out of the database file", async () => {
    const dataDir = freshDir();
    const store = await EmbeddedStore.open({ dataDir, sweepIntervalMs: 30 });
    await store.set("swept", "v", { ttlMs: 50 });
    await store.hset("swept-hash", { f: "v" });
    await store.expire("swept-hash", 50);
    await store.set("stays", "v");
    expect(keysOnDisk(dataDir)).toContain("theta-bot:swept");
    await sleep(250);
    expect(keysOnDisk(dataDir)).toEqual(["theta-bot:stays"]);
    await store.hset("swept-hash", { other: "1" });
    expect(await store.hgetall("swept-hash")).toEqual({ other: "1" });
    await store.close();
  });

  it("two stores on one data dir (as the bot and the CLI) see each other's writes at once", async () => {
    const dataDir = freshDir();
    const bot = await EmbeddedStore.open({ dataDir });
    const cli = await EmbeddedStore.open({ dataDir });
    await cli.set("from-cli", "hello");
    expect(await bot.get("from-cli")).toBe("hello");
    expect(await bot.setIfAbsent("claim", "bot", 10_000)).toBe(true);
    expect(await cli.setIfAbsent("claim", "cli", 10_000)).toBe(false);
    await bot.incr("n");
    await cli.incr("n");
    expect(await bot.get("n")).toBe("2");
    await bot.close();
    expect(await cli.get("claim")).toBe("bot");
    await cli.close();
  });

  it("creates the data dir recursively, in WAL mode; openStateStore picks it without redisUrl", async () => {
    const dataDir = join(freshDir(), "nested", "deeper");
    const store = await openStateStore({ dataDir });
    expect(store.kind).toBe("embedded");
    await store.set("k", "v");
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining(["state.db", "state.db-wal"]));
    await store.close();
    const db = new Database(join(dataDir, "state.db"), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    expect(await readdir(dataDir)).not.toContain("state.json");
  });
});
