import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cardKey, loadCard, saveCard } from "../../src/adapters/discord/card-ref.js";
import { EmbeddedStore } from "../../src/core/store/index.js";

const store = await EmbeddedStore.open({ dataDir: mkdtempSync(join(tmpdir(), "tb-card-")) });
afterAll(() => store.close());

const ref = (token: string) => ({
  appId: "100000000000000001",
  token,
  messageId: "500000000000000001",
  sizeLimit: 10,
  createdAt: Date.now(),
});

describe("Discord job card location (interaction token at rest)", () => {
  it("seals the token with the encryption key: the store never holds it, the card still opens", async () => {
    const key = randomBytes(32);
    const token = `aW50ZXJhY3Rpb246${randomBytes(24).toString("base64url")}`;
    await saveCard(store, "job-sealed", ref(token), key);
    expect(await store.get(cardKey("job-sealed"))).not.toContain(token);
    expect((await loadCard(store, "job-sealed", key))?.token).toBe(token);
    // Under another key (or none) it does not open: the result goes to the channel instead.
    expect(await loadCard(store, "job-sealed", randomBytes(32))).toBeUndefined();
  });

  it("without a key the token stays in this process only", async () => {
    const token = `aW50ZXJhY3Rpb246${randomBytes(24).toString("base64url")}`;
    await saveCard(store, "job-memory", ref(token), undefined);
    expect(await store.get(cardKey("job-memory"))).not.toContain(token);
    expect((await loadCard(store, "job-memory", undefined))?.token).toBe(token);
  });
});
