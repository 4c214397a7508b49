import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import { QuestionRateLimiter } from "../../src/core/qa/question-rate.js";
import { EmbeddedStore, RedisStore, type StateStore } from "../../src/core/store/index.js";
import { drainAndClose, uniquePrefix } from "../store/helpers.js";

const stores: StateStore[] = [];
afterAll(async () => {
  for (const s of stores) await drainAndClose(s);
});

const backends: Array<[string, () => Promise<StateStore>]> = [
  [
    "embedded (in-process limiter)",
    () => EmbeddedStore.open({ dataDir: mkdtempSync(join(tmpdir(), "tb-rate-")) }),
  ],
  ["Redis", () => RedisStore.open({ url: "redis://127.0.0.1:6379", keyPrefix: uniquePrefix() })],
];

async function outcome(p: Promise<void>): Promise<string> {
  return p.then(
    () => "accepted",
    (e: { code?: string; details?: { scope?: string } }) => `${e.code}:${e.details?.scope}`,
  );
}

describe.each(backends)("question rate limits on the %s backend", (_name, open) => {
  it("counts only accepted questions against the server: one member's flood does not lock others out", async () => {
    const store = await open();
    stores.push(store);
    const limiter = new QuestionRateLimiter(store, { userPerMinute: 2, tenantPerMinute: 3 });
    const tenant: Tenant = { platform: "discord", id: "171717171717171717" };
    const flood: string[] = [];
    for (let i = 0; i < 10; i++) flood.push(await outcome(limiter.accept(tenant, "flooder")));
    expect(flood.filter((o) => o === "accepted")).toHaveLength(2);
    expect(flood.filter((o) => o === "qa_rate_limited:user")).toHaveLength(8);
    // The server has taken 2 of its 3; another member still gets one, then the server is full.
    expect(await outcome(limiter.accept(tenant, "other"))).toBe("accepted");
    expect(await outcome(limiter.accept(tenant, "third"))).toBe("qa_rate_limited:tenant");
  });

  it("concurrent questions from many members never accept more than the server's limit", async () => {
    const store = await open();
    stores.push(store);
    const limiter = new QuestionRateLimiter(store, { userPerMinute: 5, tenantPerMinute: 7 });
    const tenant: Tenant = { platform: "slack", id: "T0RATE" };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome(limiter.accept(tenant, `U${i % 6}`))),
    );
    expect(results.filter((o) => o === "accepted")).toHaveLength(7);
  });
});
