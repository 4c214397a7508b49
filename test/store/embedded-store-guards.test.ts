import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedStore } from "../../src/core/store/index.js";
import { expectBotError } from "./helpers.js";

let root: string;
let counter = 0;
const children: ChildProcess[] = [];

async function freshDir(): Promise<string> {
  const dir = join(root, `guard-${++counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A real process: alive until killed, or already exited (its pid then belongs to no one). */
async function spawnNode(keepAlive: boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", keepAlive ? "setTimeout(() => {}, 60000)" : ""], {
    stdio: "ignore",
  });
  children.push(child);
  if (!keepAlive) await once(child, "exit");
  return child;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "theta-bot-guards-"));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid);
  await rm(root, { recursive: true, force: true });
});

describe("EmbeddedStore lock", () => {
  it("refuses a data dir whose lock names a live process, naming the dir and pid", async () => {
    const dataDir = await freshDir();
    const owner = await spawnNode(true);
    await writeFile(join(dataDir, "state.lock"), `${owner.pid}\n`);
    const err = await expectBotError(EmbeddedStore.open({ dataDir }), "store_locked");
    expect(err.message).toContain(dataDir);
    expect(err.message).toContain(String(owner.pid));
    expect(await readFile(join(dataDir, "state.lock"), "utf8")).toBe(`${owner.pid}\n`);
  });

  it("refuses a second open of the same dir in this process, and allows it after close", async () => {
    const dataDir = await freshDir();
    const first = await EmbeddedStore.open({ dataDir });
    await expectBotError(EmbeddedStore.open({ dataDir }), "store_locked");
    await first.set("k", "v");
    await first.close();
    const second = await EmbeddedStore.open({ dataDir });
    expect(await second.get("k")).toBe("v");
    await second.close();
  });

  it("takes over a stale lock left by a dead process and releases it on close", async () => {
    const dataDir = await freshDir();
    const dead = await spawnNode(false);
    await writeFile(join(dataDir, "state.lock"), `${dead.pid}\n`);
    const store = await EmbeddedStore.open({ dataDir });
    expect(await readFile(join(dataDir, "state.lock"), "utf8")).toBe(`${process.pid}\n`);
    await store.close();
    await expect(readFile(join(dataDir, "state.lock"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("takes over a lock holding its own pid that it does not hold (container restarted as the same pid)", async () => {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, "state.lock"), `${process.pid}\n`);
    const store = await EmbeddedStore.open({ dataDir });
    await store.set("k", "v");
    await store.close();
  });
});

describe("EmbeddedStore corrupt state file", () => {
  it.each([
    ["not JSON", '{"version":1,"entries":{"theta-bot:a"'],
    ["an unexpected shape", '{"version":1,"entries":{"theta-bot:a":{"type":"string","value":5}}}'],
    ["empty", ""],
  ])(
    "rejects a state file that is %s with store_corrupt, leaves it intact and frees the lock",
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
});
