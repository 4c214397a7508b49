/**
 * The Discord double refuses what Discord refuses, with Discord's error bodies: command registration
 * (docs.discord.com/developers/interactions/application-commands), invocations of what was registered,
 * components rendered on the message, modals that were shown, and REST rate limits
 * (docs.discord.com/developers/topics/rate-limits).
 */
import { Client, Events, GatewayIntentBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordDouble, type DiscordDouble } from "./discord/index.js";

const CHANNEL = "300000000000000001";
let d: DiscordDouble;

async function api(method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(`${d.restUrl}/v10${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bot ${d.options.token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

const commands = () => `/applications/${d.options.applicationId}/commands`;
const put = (body: unknown) => api("PUT", commands(), body);
const cmd = (extra: Record<string, unknown> = {}) => ({ name: "imagine", description: "Draw", ...extra });
const opt = (extra: Record<string, unknown> = {}) => ({
  type: 3,
  name: "prompt",
  description: "What",
  ...extra,
});

/** The `_errors` entry at a dotted path of a 50035 body. */
function formError(json: Record<string, unknown> | null, path: string): { code: string; message: string } {
  expect(json).toMatchObject({ code: 50035, message: "Invalid Form Body" });
  let node = (json as { errors: Record<string, unknown> }).errors;
  for (const p of path.split(".").filter(Boolean)) node = node[p] as Record<string, unknown>;
  return (node._errors as Array<{ code: string; message: string }>)[0] as { code: string; message: string };
}

beforeAll(async () => {
  d = await createDiscordDouble();
});
afterAll(() => d.close());

describe("command registration", () => {
  it("bulk PUT returns the stored commands with ids, application_id and version", async () => {
    const r = await put([cmd({ options: [opt({ required: true })] }), { type: 3, name: "Report Message" }]);
    expect(r.status).toBe(200);
    const list = r.json as unknown as Array<Record<string, unknown>>;
    expect(list.map((c) => c.name)).toEqual(["imagine", "Report Message"]);
    for (const c of list) {
      expect(c.id).toMatch(/^\d{17,20}$/);
      expect(c).toMatchObject({ application_id: d.options.applicationId, version: expect.any(String) });
    }
  });

  it.each([
    [
      "an upper-case CHAT_INPUT name",
      [cmd({ name: "Imagine" })],
      "0.name",
      "APPLICATION_COMMAND_INVALID_NAME",
    ],
    ["a name with a space", [cmd({ name: "two words" })], "0.name", "APPLICATION_COMMAND_INVALID_NAME"],
    ["a 33-character name", [cmd({ name: "a".repeat(33) })], "0.name", "APPLICATION_COMMAND_INVALID_NAME"],
    ["an empty description", [cmd({ description: "" })], "0.description", "BASE_TYPE_BAD_LENGTH"],
    [
      "a 101-character description",
      [cmd({ description: "d".repeat(101) })],
      "0.description",
      "BASE_TYPE_BAD_LENGTH",
    ],
    ["option type 12", [cmd({ options: [opt({ type: 12 })] })], "0.options.0.type", "BASE_TYPE_CHOICES"],
    [
      "26 options",
      [cmd({ options: Array.from({ length: 26 }, (_, i) => opt({ name: `o${i}` })) })],
      "0.options",
      "BASE_TYPE_MAX_LENGTH",
    ],
    [
      "26 choices",
      [
        cmd({
          options: [
            opt({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })) }),
          ],
        }),
      ],
      "0.options.0.choices",
      "BASE_TYPE_MAX_LENGTH",
    ],
    [
      "a required option after an optional one",
      [cmd({ options: [opt({ name: "a" }), opt({ name: "b", required: true })] })],
      "0.options",
      "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
    ],
    [
      "a subcommand next to a plain option",
      [cmd({ options: [{ type: 1, name: "run", description: "Run" }, opt()] })],
      "0.options.0.type",
      "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
    ],
    [
      "a group inside a subcommand group",
      [
        cmd({
          options: [
            {
              type: 2,
              name: "g",
              description: "G",
              options: [{ type: 2, name: "h", description: "H", options: [] }],
            },
          ],
        }),
      ],
      "0.options.0.options.0.type",
      "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
    ],
    [
      "a subcommand inside a subcommand",
      [
        cmd({
          options: [
            { type: 1, name: "s", description: "S", options: [{ type: 1, name: "t", description: "T" }] },
          ],
        }),
      ],
      "0.options.0.options.0.type",
      "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
    ],
    [
      "choices together with autocomplete",
      [cmd({ options: [opt({ autocomplete: true, choices: [{ name: "a", value: "a" }] })] })],
      "0.options.0.autocomplete",
      "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES",
    ],
    [
      "min_value on a string option",
      [cmd({ options: [opt({ min_value: 1 })] })],
      "0.options.0.min_value",
      "NUMBER_TYPE_COERCE",
    ],
    [
      "max_length 6001",
      [cmd({ options: [opt({ max_length: 6001 })] })],
      "0.options.0.max_length",
      "NUMBER_TYPE_MAX",
    ],
    [
      "an integer min_value of 1.5",
      [cmd({ options: [opt({ type: 4, min_value: 1.5 })] })],
      "0.options.0.min_value",
      "NUMBER_TYPE_COERCE",
    ],
    [
      "duplicate option names",
      [cmd({ options: [opt(), opt()] })],
      "0.options.1.name",
      "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME",
    ],
  ])("refuses %s with 400 50035 at the field", async (_what, body, path, code) => {
    const r = await put(body);
    expect(r.status).toBe(400);
    expect(formError(r.json, path).code).toBe(code);
  });

  it("counts the 4,000-character total over names, descriptions and choices (longest localization)", async () => {
    const long = Array.from({ length: 25 }, (_, i) => ({ name: `${i}`.padEnd(100, "n"), value: "v" }));
    const short = (localized: boolean) =>
      Array.from({ length: 25 }, (_, i) => ({
        name: `x${i}`,
        value: "v",
        ...(localized ? { name_localizations: { de: "n".repeat(100) } } : {}),
      }));
    const two = (b: unknown[]) => [
      cmd({ options: [opt({ name: "a", choices: long }), opt({ name: "b", choices: b })] }),
    ];
    expect((await put(two(short(false)))).status).toBe(200); // about 2,650 characters
    const over = await put(two(short(true))); // the German names count: about 5,070
    expect(over.status).toBe(400);
    expect(formError(over.json, "0")).toEqual({
      code: "APPLICATION_COMMAND_TOO_LARGE",
      message: "Command exceeds maximum size (4000)",
    });
  });

  it("allows 100 CHAT_INPUT commands per scope, not 101 (30032)", async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => cmd({ name: `c${i}` }));
    expect((await put(many(100))).status).toBe(200);
    const over = await put(many(101));
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: 30032 });
    const one = await api("POST", commands(), cmd({ name: "extra" }));
    expect([one.status, one.json?.code]).toEqual([400, 30032]);
  });
});

describe("interactions Discord can deliver", () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: d.restUrl } });
    await client.login(d.options.token);
    await d.waitForIdentify();
    const r = await put([
      cmd({
        options: [
          opt({ required: true, max_length: 10 }),
          { type: 4, name: "steps", description: "Steps", min_value: 1, max_value: 50 },
          opt({ name: "size", choices: [{ name: "small", value: "512" }] }),
          opt({ name: "model", autocomplete: true }),
        ],
      }),
      cmd({
        name: "theta",
        options: [{ type: 1, name: "balance", description: "Balance", options: [opt({ name: "unit" })] }],
        dm_permission: false,
      }),
      cmd({ name: "admin", default_member_permissions: "32" }),
      cmd({ name: "everywhere", contexts: [0, 1, 2] }),
    ]);
    expect(r.status).toBe(200);
  });
  afterAll(() => client.destroy());

  const prompt = { name: "prompt", type: 3, value: "a fox" };

  it("delivers a registered command with the registered command's id", async () => {
    const got = new Promise<string>((resolve) =>
      client.once(Events.InteractionCreate, (i) => resolve(i.isChatInputCommand() ? i.commandId : "")),
    );
    await d.slashCommand({ name: "imagine", options: [prompt, { name: "steps", type: 4, value: 20 }] });
    const registered = d.registeredCommands().find((c) => (c as { name: string }).name === "imagine");
    expect(await got).toBe((registered as { id: string }).id);
  });

  it.each([
    ["an unregistered command", { name: "video" }, /not registered/],
    [
      "an option that is not registered",
      { name: "imagine", options: [prompt, { name: "seed", type: 4, value: 1 }] },
      /no such option/,
    ],
    [
      "an option of the wrong type",
      { name: "imagine", options: [{ name: "prompt", type: 4, value: 3 }] },
      /registered as type 3/,
    ],
    ["a missing required option", { name: "imagine", options: [] }, /required option missing/],
    [
      "a value outside the choices",
      { name: "imagine", options: [prompt, { name: "size", type: 3, value: "4096" }] },
      /choices/,
    ],
    [
      "a value over max_value",
      { name: "imagine", options: [prompt, { name: "steps", type: 4, value: 51 }] },
      /above 50/,
    ],
    [
      "a string over max_length",
      { name: "imagine", options: [{ name: "prompt", type: 3, value: "x".repeat(11) }] },
      /longer than 10/,
    ],
    [
      "a subcommand option outside its subcommand",
      { name: "theta", options: [{ name: "unit", type: 3, value: "x" }] },
      /no such option/,
    ],
  ])("throws for %s (Discord would never send it)", async (_what, input, why) => {
    await expect(d.slashCommand(input as never)).rejects.toThrow(why);
  });

  it("a DM only gets global commands whose contexts include BOT_DM (or dm_permission is not false)", async () => {
    await expect(
      d.slashCommand({ name: "theta", dm: true, options: [{ name: "balance", type: 1 }] }),
    ).rejects.toThrow(/not available in DMs/);
    await expect(d.slashCommand({ name: "everywhere", dm: true })).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("default_member_permissions hides a command from members without them (Administrator passes)", async () => {
    await expect(d.slashCommand({ name: "admin", memberPermissions: "0" })).rejects.toThrow(
      /needs permissions 32/,
    );
    await expect(d.slashCommand({ name: "admin", memberPermissions: "32" })).resolves.toBeDefined();
    await expect(d.slashCommand({ name: "admin", memberPermissions: "8" })).resolves.toBeDefined();
  });

  it("autocomplete needs the focused option to be registered with autocomplete", async () => {
    await expect(
      d.autocomplete({ name: "imagine", options: [{ name: "model", type: 3, value: "fl", focused: true }] }),
    ).resolves.toMatchObject({ id: expect.any(String) });
    await expect(
      d.autocomplete({ name: "imagine", options: [{ name: "prompt", type: 3, value: "a", focused: true }] }),
    ).rejects.toThrow(/autocomplete/);
  });
});

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
