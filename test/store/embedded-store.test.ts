import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStore, openStateStore } from "../../src/core/store/index.js";
import { sleep } from "./helpers.js";
import { describeStateStoreContract } from "./state-store.contract.js";

let root: string;
let counter = 0;
const freshDir = (): string => join(root, `store-${++counter}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "theta-bot-store-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStateStoreContract("embedded", () => EmbeddedStore.open({ dataDir: freshDir() }));

describe("EmbeddedStore persistence", () => {
  it("survives a restart: strings, hashes, counters and expiries", async () => {
    const dataDir = freshDir();
    const first = await EmbeddedStore.open({ dataDir });
    await first.set("s", "kept");
    await first.hset("h", { a: "1" });
    await first.incrDecimal("n", 0.1);
    await first.incrDecimal("n", 0.2);
    await first.set("short", "v", { ttlMs: 150 });
    await first.set("long", "v", { ttlMs: 60_000 });
    await first.close();

    const second = await EmbeddedStore.open({ dataDir });
    expect(await second.get("s")).toBe("kept");
    expect(await second.hgetall("h")).toEqual({ a: "1" });
    expect(await second.get("n")).toBe("0.3");
    expect(await second.ttlMs("short")).toBeGreaterThan(0);
    expect(await second.ttlMs("long")).toBeGreaterThan(150);
    await sleep(250);
    expect(await second.get("short")).toBeNull();
    expect(await second.get("long")).toBe("v");
    await second.close();
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
    const file = JSON.parse(await readFile(join(dataDir, "state.json"), "utf8"));
    expect(Object.keys(file.entries).sort()).toEqual(["a:mine", "b:theirs"]);
  });

  it("writes atomically: many coalesced writes leave only state.json and state.lock behind", async () => {
    const dataDir = freshDir();
    const store = await EmbeddedStore.open({ dataDir });
    for (let i = 0; i < 200; i++) {
      await store.set(`k${i % 7}`, String(i));
      if (i % 20 === 0) await sleep(1);
    }
    await store.flush();
    expect((await readdir(dataDir)).sort()).toEqual(["state.json", "state.lock"]);
    const file = JSON.parse(await readFile(join(dataDir, "state.json"), "utf8"));
    expect(file.entries["theta-bot:k3"]).toEqual({ type: "string", value: "199" });
    await store.close();
    expect(await readdir(dataDir)).toEqual(["state.json"]);
  });

  it("persists in the background without flush or close", async () => {
    const dataDir = freshDir();
    const store = await EmbeddedStore.open({ dataDir });
    await store.set("bg", "written");
    let text = "";
    for (let i = 0; i < 100 && !text.includes("written"); i++) {
      await sleep(20);
      text = await readFile(join(dataDir, "state.json"), "utf8").catch(() => "");
    }
    expect(text).toContain("written");
    await store.close();
  });

  it("removes a temp file left by a crash mid-write", async () => {
    const dataDir = freshDir();
    await (await EmbeddedStore.open({ dataDir })).close();
    await writeFile(join(dataDir, "state.json.tmp-99999"), "{half");
    const store = await EmbeddedStore.open({ dataDir });
    expect(await readdir(dataDir)).not.toContain("state.json.tmp-99999");
    await store.close();
  });

  it("sweeps expired keys from disk periodically", async () => {
    const dataDir = freshDir();
    const store = await EmbeddedStore.open({ dataDir, sweepIntervalMs: 30 });
    await store.set("swept", "v", { ttlMs: 50 });
    await store.set("stays", "v");
    await store.flush();
    expect(await readFile(join(dataDir, "state.json"), "utf8")).toContain("swept");
    await sleep(250);
    await store.flush();
    const text = await readFile(join(dataDir, "state.json"), "utf8");
    expect(text).not.toContain("swept");
    expect(text).toContain("stays");
    await store.close();
  });

  it("creates the data dir recursively; openStateStore picks it without redisUrl", async () => {
    const dataDir = join(freshDir(), "nested", "deeper");
    const store = await openStateStore({ dataDir });
    expect(store.kind).toBe("embedded");
    await store.set("k", "v");
    await store.close();
    expect(await readdir(dataDir)).toContain("state.json");
  });
});
