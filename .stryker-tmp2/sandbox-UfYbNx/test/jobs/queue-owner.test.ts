// @ts-nocheck
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { EmbeddedStore } from "../../src/core/store/index.js";
import { EmbeddedQueueLease } from "../../src/jobs/queue-owner.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openDir() {
  const dataDir = mkdtempSync(join(tmpdir(), "tb-lease-"));
  const store = await EmbeddedStore.open({ dataDir });
  cleanups.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => store.close(),
  );
  return { dataDir, store };
}

const ownerOf = (pid: number) => JSON.stringify({ pid, host: hostname(), token: "someone-else" });

async function refusal(p: Promise<unknown>): Promise<BotError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  expect((err as BotError).code).toBe("embedded_queue_in_use");
  return err as BotError;
}

describe("EmbeddedQueueLease: one process runs a data dir's embedded job queue", () => {
  it("refuses a second claim in this process until the first is released", async () => {
    const { dataDir, store } = await openDir();
    const first = await EmbeddedQueueLease.claim(store, dataDir);
    const err = await refusal(EmbeddedQueueLease.claim(store, dataDir));
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toContain(dataDir);
    await first.release();
    await (await EmbeddedQueueLease.claim(store, dataDir)).release();
  });

  it("refuses while the owner's process lives, and takes over at once when it has died", async () => {
    const { dataDir, store } = await openDir();
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    cleanups.push(() => {
      if (owner.exitCode === null && owner.signalCode === null) owner.kill();
    });
    await store.set("embedded-queue:owner", ownerOf(owner.pid as number), { ttlMs: 60_000 });
    const err = await refusal(EmbeddedQueueLease.claim(store, dataDir));
    expect(err.message).toContain(`pid ${owner.pid}`);
    owner.kill();
    await once(owner, "exit");
    const lease = await EmbeddedQueueLease.claim(store, dataDir);
    expect(JSON.parse((await store.get("embedded-queue:owner")) as string).pid).toBe(process.pid);
    await lease.release();
    expect(await store.get("embedded-queue:owner")).toBeNull();
  });

  it("takes over a lease naming its own pid that it does not hold (a container restarted as the same pid)", async () => {
    const { dataDir, store } = await openDir();
    await store.set("embedded-queue:owner", ownerOf(process.pid), { ttlMs: 60_000 });
    const lease = await EmbeddedQueueLease.claim(store, dataDir);
    await lease.release();
  });
});
