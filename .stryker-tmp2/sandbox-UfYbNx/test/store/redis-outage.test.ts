// @ts-nocheck
import { once } from "node:events";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RedisStore } from "../../src/core/store/index.js";
import { drainAndClose, expectBotError, sleep, uniquePrefix } from "./helpers.js";

/** A TCP proxy to the real Redis that can be cut (every connection dropped, port closed) and restored. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: 6379 });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(this.port, "127.0.0.1");
    await once(server, "listening");
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

describe("RedisStore when Redis goes away after connecting", () => {
  const proxy = new CuttableProxy();
  let store: RedisStore | undefined;

  afterEach(async () => {
    if (store) await drainAndClose(store);
    await proxy.cut();
  });

  it("rejects with store_unavailable during the outage and works again once Redis is back", async () => {
    await proxy.start();
    store = await RedisStore.open({
      url: `redis://127.0.0.1:${proxy.port}`,
      keyPrefix: uniquePrefix(),
      commandTimeoutMs: 1000,
    });
    await store.set("k", "before");
    await proxy.cut();
    const err = await expectBotError(store.get("k"), "store_unavailable");
    expect(err.message).toContain(`127.0.0.1:${proxy.port}`);
    await proxy.start();
    let value: string | null | undefined;
    for (let i = 0; i < 50 && value === undefined; i++) {
      value = await store.get("k").catch(() => undefined);
      if (value === undefined) await sleep(100);
    }
    expect(value).toBe("before");
  });

  it("rejects with store_unavailable when Redis accepts connections but never answers", async () => {
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => {
      accepted.add(socket);
      socket.on("error", () => {});
    });
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as { port: number };
    try {
      await expectBotError(
        RedisStore.open({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300 }),
        "store_unavailable",
      );
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
