/**
 * The Discord double refuses what Discord refuses, with Discord's error bodies: command registration
 * (docs.discord.com/developers/interactions/application-commands) and invocations of what was registered.
 */
import { Client, Events, GatewayIntentBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordDouble, type DiscordDouble } from "./discord/index.js";
import { cmd, formError, opt, restClient } from "./discord-rest.js";

let d: DiscordDouble;
let api: ReturnType<typeof restClient>["api"];
let put: ReturnType<typeof restClient>["put"];
let commands: () => string;

beforeAll(async () => {
  d = await createDiscordDouble();
  ({ api, put, commands } = restClient(d));
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
