/**
 * The Discord double refuses what Discord refuses: components rendered on the message, unique custom_ids,
 * modals that were shown (docs.discord.com/developers/components/reference), and REST rate limits
 * (docs.discord.com/developers/topics/rate-limits).
 */
import { Client, GatewayIntentBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordDouble, type DiscordDouble } from "./discord/index.js";
import { CHANNEL, cmd, formError, opt, restClient } from "./discord-rest.js";

let d: DiscordDouble;
let api: ReturnType<typeof restClient>["api"];
let put: ReturnType<typeof restClient>["put"];

beforeAll(async () => {
  d = await createDiscordDouble();
  ({ api, put } = restClient(d));
});
afterAll(() => d.close());

describe("components and modals", () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: d.restUrl } });
    await client.login(d.options.token);
    await d.waitForIdentify();
    await put([cmd({ options: [opt()] })]);
  });
  afterAll(() => client.destroy());

  const button = (custom_id: string, extra: Record<string, unknown> = {}) => ({
    type: 2,
    style: 1,
    label: custom_id,
    custom_id,
    ...extra,
  });
  const post = (components: unknown[]) =>
    api("POST", `/channels/${CHANNEL}/messages`, { content: "card", components });
  /** A slash command acknowledged with callback `body` (raw REST, as the app would). */
  async function answered(body: unknown, user?: { id: string }) {
    const h = await d.slashCommand({ name: "imagine", ...(user ? { user } : {}) });
    const r = await api("POST", `/interactions/${h.id}/${h.token}/callback`, body, false);
    return { h, r };
  }

  it("refuses a message whose custom_ids repeat (50035 COMPONENT_CUSTOM_ID_DUPLICATED)", async () => {
    const r = await post([{ type: 1, components: [button("a"), button("b"), button("a")] }]);
    expect(r.status).toBe(400);
    expect(formError(r.json, "components.0.components.2.custom_id")).toEqual({
      code: "COMPONENT_CUSTOM_ID_DUPLICATED",
      message: "Component custom id cannot be duplicated",
    });
    const across = await post([
      { type: 1, components: [button("x")] },
      { type: 1, components: [button("x")] },
    ]);
    expect(formError(across.json, "components.1.components.0.custom_id").code).toBe(
      "COMPONENT_CUSTOM_ID_DUPLICATED",
    );
  });

  it("a click needs a component rendered on that message, enabled, of that type", async () => {
    const m = await post([{ type: 1, components: [button("go"), button("off", { disabled: true })] }]);
    const id = (m.json as { id: string }).id;
    await expect(d.button({ customId: "go", messageId: id })).resolves.toMatchObject({
      id: expect.any(String),
    });
    await expect(d.button({ customId: "gone", messageId: id })).rejects.toThrow(/no component/);
    await expect(d.button({ customId: "off", messageId: id })).rejects.toThrow(/disabled/);
    await expect(
      d.button({ customId: "go", messageId: id, componentType: 3, values: ["a"] }),
    ).rejects.toThrow(/component type 2/);
    await expect(d.button({ customId: "go" })).rejects.toThrow(/needs the messageId/);
  });

  it("a select sends values among its options, within min/max values", async () => {
    const select = {
      type: 3,
      custom_id: "pick",
      options: [
        { label: "A", value: "a" },
        { label: "B", value: "b" },
      ],
    };
    const m = await post([{ type: 1, components: [select] }]);
    const id = (m.json as { id: string }).id;
    await expect(
      d.button({ customId: "pick", messageId: id, componentType: 3, values: ["b"] }),
    ).resolves.toBeDefined();
    await expect(
      d.button({ customId: "pick", messageId: id, componentType: 3, values: ["z"] }),
    ).rejects.toThrow(/not one of the select's options/);
    await expect(
      d.button({ customId: "pick", messageId: id, componentType: 3, values: ["a", "b"] }),
    ).rejects.toThrow(/1\.\.1 values/);
  });

  it("an ephemeral message's components can be clicked only by the user it was shown to", async () => {
    const { h, r } = await answered({
      type: 4,
      data: { content: "quote", flags: 64, components: [{ type: 1, components: [button("ok")] }] },
    });
    expect(r.status).toBe(204);
    const quote = d.messages({ interactionId: h.id })[0]!;
    await expect(d.button({ customId: "ok", messageId: quote.id })).resolves.toBeDefined();
    await expect(
      d.button({ customId: "ok", messageId: quote.id, user: { id: "499999999999999999" } }),
    ).rejects.toThrow(/ephemeral/);
  });

  it("a modal can be submitted only after it was shown, once, with the inputs it showed", async () => {
    await expect(d.modalSubmit({ customId: "creds", fields: { key: "k" } })).rejects.toThrow(
      /no modal creds is open/,
    );
    const input = (custom_id: string, extra: Record<string, unknown> = {}) => ({
      type: 1,
      components: [{ type: 4, custom_id, label: custom_id, style: 1, ...extra }],
    });
    const dup = await answered({
      type: 9,
      data: { custom_id: "creds", title: "Creds", components: [input("key"), input("key")] },
    });
    expect(formError(dup.r.json, "data.components.1.components.0.custom_id").code).toBe(
      "COMPONENT_CUSTOM_ID_DUPLICATED",
    );
    const shown = await answered({
      type: 9,
      data: {
        custom_id: "creds",
        title: "Creds",
        components: [input("key", { max_length: 5 }), input("note", { required: false })],
      },
    });
    expect(shown.r.status).toBe(204);
    await expect(d.modalSubmit({ customId: "creds", fields: { secret: "s" } })).rejects.toThrow(
      /no text input secret/,
    );
    await expect(d.modalSubmit({ customId: "creds", fields: { note: "n" } })).rejects.toThrow(/required/);
    await expect(d.modalSubmit({ customId: "creds", fields: { key: "toolong" } })).rejects.toThrow(/0\.\.5/);
    await expect(
      d.modalSubmit({ customId: "creds", fields: { key: "k" }, user: { id: "499999999999999999" } }),
    ).rejects.toThrow(/no modal creds is open/);
    const sub = await d.modalSubmit({ customId: "creds", fields: { key: "k" } });
    const ok = await api("POST", `/interactions/${sub.id}/${sub.token}/callback`, { type: 5 }, false);
    expect(ok.status).toBe(204);
    await expect(d.modalSubmit({ customId: "creds", fields: { key: "k" } })).rejects.toThrow(
      /no modal creds is open/,
    );
  });
});

describe("rate limits", () => {
  it("announces the bucket on every answer and refuses the 6th channel message in 5 s with 429", async () => {
    const r = await createDiscordDouble();
    try {
      const send = () =>
        fetch(`${r.restUrl}/v10/channels/${CHANNEL}/messages`, {
          method: "POST",
          headers: { authorization: `Bot ${r.options.token}`, "content-type": "application/json" },
          body: JSON.stringify({ content: "hi" }),
        });
      const first = await send();
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-limit")).toBe("5");
      expect(first.headers.get("x-ratelimit-remaining")).toBe("4");
      expect(first.headers.get("x-ratelimit-bucket")).toMatch(/^[0-9a-f]{32}$/);
      expect(Number(first.headers.get("x-ratelimit-reset-after"))).toBeGreaterThan(0);
      expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
      for (let k = 0; k < 4; k++) expect((await send()).status).toBe(200);
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(limited.headers.get("x-ratelimit-scope")).toBe("user");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const body = (await limited.json()) as { message: string; retry_after: number; global: boolean };
      expect(body).toMatchObject({ message: "You are being rate limited.", global: false });
      expect(body.retry_after).toBeGreaterThan(0);
      expect(r.messages({ channelId: CHANNEL })).toHaveLength(5);
    } finally {
      await r.close();
    }
  });

  it("a global limit over bot-token routes answers 429 global; interaction endpoints are not bound to it", async () => {
    // The default is 50 per second; a long window keeps this test independent of the machine's speed.
    const r = await createDiscordDouble({ rateLimits: { global: { limit: 3, windowMs: 60_000 } } });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: r.restUrl } });
    try {
      await client.login(r.options.token); // GET /gateway/bot: 1 of 3
      await r.waitForIdentify();
      const me = () =>
        fetch(`${r.restUrl}/v10/users/@me`, { headers: { authorization: `Bot ${r.options.token}` } });
      const put3 = await fetch(`${r.restUrl}/v10/applications/${r.options.applicationId}/commands`, {
        method: "PUT",
        headers: { authorization: `Bot ${r.options.token}`, "content-type": "application/json" },
        body: JSON.stringify([cmd()]),
      });
      expect(put3.status).toBe(200);
      expect((await me()).status).toBe(200);
      const limited = await me();
      expect(limited.status).toBe(429);
      expect(limited.headers.get("x-ratelimit-global")).toBe("true");
      expect(limited.headers.get("x-ratelimit-scope")).toBe("global");
      expect(await limited.json()).toMatchObject({ message: "You are being rate limited.", global: true });
      const h = await r.slashCommand({ name: "imagine" });
      const cb = await fetch(`${r.restUrl}/v10/interactions/${h.id}/${h.token}/callback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: 4, data: { content: "still answered" } }),
      });
      expect(cb.status).toBe(204);
    } finally {
      await client.destroy();
      await r.close();
    }
  });

  it("rateLimits: false opts out (benchmarks), with the headers still sent", async () => {
    const r = await createDiscordDouble({ rateLimits: false });
    try {
      const statuses: number[] = [];
      for (let k = 0; k < 8; k++) {
        const res = await fetch(`${r.restUrl}/v10/channels/${CHANNEL}/messages`, {
          method: "POST",
          headers: { authorization: `Bot ${r.options.token}`, "content-type": "application/json" },
          body: JSON.stringify({ content: `m${k}` }),
        });
        statuses.push(res.status);
        expect(res.headers.get("x-ratelimit-bucket")).toBeTruthy();
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await r.close();
    }
  });
});
