// @ts-nocheck
import { afterEach, describe, expect, it } from "vitest";
import { openStateStore, RedisStore, type StateStore } from "../../src/core/store/index.js";
import { drainAndClose, expectBotError, uniquePrefix } from "./helpers.js";
import { describeStateStoreContract } from "./state-store.contract.js";

const URL = "redis://127.0.0.1:6379/0";

describeStateStoreContract("redis", () => RedisStore.open({ url: URL, keyPrefix: uniquePrefix() }));

describe("RedisStore", () => {
  const opened: StateStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(drainAndClose));
  });

  it("keeps namespaces apart: keys() and reads only see the store's own prefix", async () => {
    const a = await RedisStore.open({ url: URL, keyPrefix: uniquePrefix() });
    const b = await RedisStore.open({ url: URL, keyPrefix: uniquePrefix() });
    opened.push(a, b);
    await a.set("shared:1", "from a");
    await b.set("shared:2", "from b");
    expect(await a.keys("shared:")).toEqual(["shared:1"]);
    expect(await b.keys("")).toEqual(["shared:2"]);
    expect(await b.get("shared:1")).toBeNull();
  });

  it("openStateStore picks Redis when redisUrl is set", async () => {
    const store = await openStateStore({
      redisUrl: URL,
      dataDir: "/nonexistent/unused",
      keyPrefix: uniquePrefix(),
    });
    opened.push(store);
    expect(store.kind).toBe("redis");
    await store.set("k", "v");
    expect(await store.get("k")).toBe("v");
  });

  it("open rejects with store_unavailable when Redis is unreachable, without the password", async () => {
    const err = await expectBotError(
      RedisStore.open({ url: "redis://:hunter2-secret@127.0.0.1:1", keyPrefix: uniquePrefix() }),
      "store_unavailable",
    );
    expect(err.retriable).toBe(true);
    expect(err.message).toContain("127.0.0.1:1");
    expect(err.message).toContain("try again shortly");
    expect(JSON.stringify(err.toJSON())).not.toContain("hunter2-secret");
  });

  it("a command rejects with store_unavailable (not a hang) while Redis is unreachable", async () => {
    const store = new RedisStore({ url: "redis://127.0.0.1:1", commandTimeoutMs: 1000 });
    try {
      await expectBotError(store.setIfAbsent("k", "v", 1000), "store_unavailable");
      await expectBotError(store.keys("x"), "store_unavailable");
    } finally {
      await store.close();
    }
  });
});
