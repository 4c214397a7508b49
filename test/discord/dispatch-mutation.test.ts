import { MessageFlags } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import type { DiscordCommand, DiscordContext } from "../../src/adapters/discord/context.js";
import { createDispatcher } from "../../src/adapters/discord/dispatch.js";
import { INTAKE_UNAVAILABLE } from "../../src/core/chat/inbound.js";
import { usageError } from "../../src/core/errors.js";
import { createLogger, type Logger } from "../../src/core/logger.js";
import { type OpenedStore, openEmbedded } from "../policy/helpers.js";

/**
 * The dispatcher in front of every Discord handler: de-duplication by interaction id, the
 * acknowledgement each kind gets, and the reply a member sees when something fails. The
 * interactions are plain objects with discord.js's method names; each records what the bot did.
 */
type Call = [string, unknown?];
type Kind = "command" | "button" | "modal" | "autocomplete" | "select";

let seq = 0;
function interaction(
  kind: Kind,
  o: { id?: string; name?: string; customId?: string; fail?: string; admin?: boolean | null } = {},
) {
  const calls: Call[] = [];
  const record = (name: string) => async (payload?: unknown) => {
    calls.push([name, payload]);
    if (o.fail === name) throw new Error(`${name} failed`);
    if (name.startsWith("defer")) i.deferred = true;
    if (name === "reply") i.replied = true;
  };
  const i = {
    id: o.id ?? `9000000000000000${++seq}`,
    commandName: o.name ?? "probe",
    customId: o.customId ?? "",
    guildId: "200000000000000001",
    channelId: "300000000000000001",
    user: { id: "400000000000000001" },
    member: { roles: [] },
    // null outside a server (DMs), as discord.js gives it.
    memberPermissions: o.admin === null ? null : { has: () => o.admin === true },
    locale: "en-US",
    deferred: false,
    replied: false,
    isAutocomplete: () => kind === "autocomplete",
    isChatInputCommand: () => kind === "command",
    isButton: () => kind === "button",
    isModalSubmit: () => kind === "modal",
    isRepliable: () => kind !== "autocomplete",
    reply: record("reply"),
    deferReply: record("deferReply"),
    deferUpdate: record("deferUpdate"),
    editReply: record("editReply"),
    followUp: record("followUp"),
    respond: record("respond"),
    calls,
  };
  return i;
}
type Fake = ReturnType<typeof interaction>;

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

async function setup(commands: DiscordCommand[] = [], extra: Partial<DiscordContext> = {}) {
  const o = await openEmbedded();
  opened.push(o);
  const ctx = {
    app: { store: o.store, logger: createLogger("silent") },
    ...extra,
  } as unknown as DiscordContext;
  const dispatch = createDispatcher(ctx, commands);
  return { store: o.store, run: (i: Fake) => dispatch(i as never) };
}

function command(ack: "ephemeral" | "public" | "modal", run: (i: Fake) => Promise<void> = async () => {}) {
  const runs: Fake[] = [];
  const cmd = {
    data: { name: "probe", description: "probe" },
    ack: () => ack,
    run: async (i: Fake) => {
      runs.push(i);
      await run(i);
    },
  } as unknown as DiscordCommand;
  return { cmd, runs };
}

const titleOf = (payload: unknown) =>
  (payload as { embeds: Array<{ title?: string; description?: string }> }).embeds[0];

describe("Discord dispatcher", () => {
  it("an interaction delivered twice runs its handler once; the copy gets no answer at all", async () => {
    const { cmd, runs } = command("ephemeral");
    const { store, run } = await setup([cmd]);
    const first = interaction("command", { id: "900000000000000777" });
    const copy = interaction("command", { id: "900000000000000777" });
    await run(first);
    await run(copy);
    expect(runs).toEqual([first]);
    expect(copy.calls).toEqual([]);
    // A different interaction is not a duplicate.
    await run(interaction("command"));
    expect(runs).toHaveLength(2);
    // Redeliveries are recognised for 15 minutes.
    const ttl = await store.ttlMs("seen:discord:900000000000000777");
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
  });

  it("acknowledges a command as it asks: private defer, public defer, or none for a modal", async () => {
    const priv = command("ephemeral");
    const pub = command("public");
    const modal = command("modal");
    for (const [c, expected] of [
      [priv, [["deferReply", { flags: MessageFlags.Ephemeral }]]],
      [pub, [["deferReply", {}]]],
      [modal, []],
    ] as const) {
      const { run } = await setup([c.cmd]);
      const i = interaction("command");
      await run(i);
      expect(i.calls).toEqual(expected);
      expect(c.runs).toEqual([i]);
    }
  });

  it("a command this bot no longer serves gets a private note", async () => {
    const { run } = await setup([]);
    const i = interaction("command", { name: "gone" });
    await run(i);
    expect(i.calls).toEqual([
      [
        "reply",
        { content: "This command is not served by this bot any more.", flags: MessageFlags.Ephemeral },
      ],
    ]);
  });

  it("a failing command edits its deferred reply into the error; before any ack it replies privately", async () => {
    const fails = command("public", async () => {
      throw usageError("bad_prompt", "The prompt is empty.");
    });
    const { run } = await setup([fails.cmd]);
    const i = interaction("command");
    await run(i);
    expect(i.calls.map((c) => c[0])).toEqual(["deferReply", "editReply"]);
    expect(titleOf(i.calls[1]?.[1])).toMatchObject({
      title: "Check the command",
      description: "The prompt is empty.",
    });

    const early = command("modal", async () => {
      throw usageError("bad_prompt", "No modal today.");
    });
    const second = await setup([early.cmd]);
    const j = interaction("command");
    await second.run(j);
    expect(j.calls.map((c) => c[0])).toEqual(["reply"]);
    expect((j.calls[0]?.[1] as { flags?: number } | undefined)?.flags).toBe(MessageFlags.Ephemeral);
    expect(titleOf(j.calls[0]?.[1])).toMatchObject({ description: "No modal today." });
  });

  it("an error that cannot be shown is logged, never thrown at discord.js", async () => {
    const fails = command("public", async () => {
      throw usageError("bad_prompt", "x");
    });
    const { run } = await setup([fails.cmd]);
    const i = interaction("command", { fail: "editReply" });
    await expect(run(i)).resolves.toBeUndefined();
  });

  it("buttons: unknown ones say so; Confirm/Cancel update in place; others defer privately; the id's argument reaches the handler", async () => {
    const cancelled: string[] = [];
    const jobCancels: string[] = [];
    const ctxExtra = {
      actions: {
        cancel: async (id: string) => {
          cancelled.push(id);
        },
      },
    } as unknown as Partial<DiscordContext>;
    const o = await openEmbedded();
    opened.push(o);
    const ctx = {
      app: {
        store: o.store,
        logger: createLogger("silent"),
        deps: {},
        jobs: {
          cancel: async (id: string) => {
            jobCancels.push(id);
            return { message: "Cancelled before submission; nothing was charged." };
          },
        },
      },
      ...ctxExtra,
    } as unknown as DiscordContext;
    const dispatch = createDispatcher(ctx, []);

    const unknown = interaction("button", { customId: "old:thing:1" });
    await dispatch(unknown as never);
    expect(unknown.calls).toEqual([
      ["reply", { content: "This button is no longer active.", flags: MessageFlags.Ephemeral }],
    ]);

    const cancel = interaction("button", { customId: "act:cancel:abc123" });
    await dispatch(cancel as never);
    expect(cancelled).toEqual(["abc123"]);
    expect(cancel.calls.map((c) => c[0])).toEqual(["deferUpdate", "editReply"]);
    expect(titleOf(cancel.calls[1]?.[1])).toMatchObject({ title: "Cancelled" });

    const job = interaction("button", { customId: "job:cancel:job-42" });
    await dispatch(job as never);
    expect(jobCancels).toEqual(["job-42"]);
    expect(job.calls[0]).toEqual(["deferReply", { flags: MessageFlags.Ephemeral }]);
    expect(titleOf(job.calls[1]?.[1])).toMatchObject({
      description: "Cancelled before submission; nothing was charged.",
    });

    const bare = interaction("button", { customId: "job:cancel" });
    await dispatch(bare as never);
    expect(jobCancels).toEqual(["job-42", ""]);
  });

  it("a failing in-place button answers with a private follow-up, leaving the quote message alone", async () => {
    const o = await openEmbedded();
    opened.push(o);
    const ctx = {
      app: { store: o.store, logger: createLogger("silent") },
      actions: {
        cancel: async () => {
          throw usageError("not_requester", "Only the person who asked can confirm or cancel this.");
        },
      },
    } as unknown as DiscordContext;
    const i = interaction("button", { customId: "act:cancel:abc" });
    await createDispatcher(ctx, [])(i as never);
    expect(i.calls.map((c) => c[0])).toEqual(["deferUpdate", "followUp"]);
    expect((i.calls[1]?.[1] as { flags?: number } | undefined)?.flags).toBe(MessageFlags.Ephemeral);
    expect(titleOf(i.calls[1]?.[1])).toMatchObject({
      description: "Only the person who asked can confirm or cancel this.",
    });
  });

  it("autocomplete: the command's suggestions, an empty list without a handler or when it fails", async () => {
    const suggest = {
      data: { name: "probe", description: "p" },
      ack: () => "ephemeral",
      run: async () => {},
      autocomplete: async (i: Fake) => {
        await i.respond([{ name: "flux", value: "flux" }]);
      },
    } as unknown as DiscordCommand;
    const broken = {
      ...suggest,
      data: { name: "broken", description: "b" },
      autocomplete: async () => {
        throw new Error("catalog down");
      },
    } as unknown as DiscordCommand;
    const { run } = await setup([suggest, broken]);
    const a = interaction("autocomplete");
    await run(a);
    expect(a.calls).toEqual([["respond", [{ name: "flux", value: "flux" }]]]);
    const b = interaction("autocomplete", { name: "broken" });
    await run(b);
    expect(b.calls).toEqual([["respond", []]]);
    const c = interaction("autocomplete", { name: "unknown" });
    await run(c);
    expect(c.calls).toEqual([["respond", []]]);
  });

  it("autocomplete for a command this bot does not serve gets an empty list, and no failure is logged", async () => {
    const o = await openEmbedded();
    opened.push(o);
    const logged = capture();
    const ctx = { app: { store: o.store, logger: logged.logger } } as unknown as DiscordContext;
    const i = interaction("autocomplete", { name: "retired" });
    await createDispatcher(ctx, [])(i as never);
    expect(i.calls).toEqual([["respond", []]]);
    expect(logged.lines.filter((l) => l.level !== "debug" && l.level !== "info")).toEqual([]);
  });

  it("a modal submit is acknowledged privately; the setup modal refuses a member who is not an admin", async () => {
    const { run } = await setup([]);
    const other = interaction("modal", { customId: "feedback:1" });
    await run(other);
    expect(other.calls).toEqual([["deferReply", { flags: MessageFlags.Ephemeral }]]);
    const setupModal = interaction("modal", { customId: "setup:ondemand" });
    await run(setupModal);
    expect(setupModal.calls.map((c) => c[0])).toEqual(["deferReply", "editReply"]);
    expect(titleOf(setupModal.calls[1]?.[1])?.description).toContain(
      "Only admins can set this server's Theta credentials",
    );
  });

  it("an admin sees the operator's hint on an error, a member does not, and a DM still gets an answer", async () => {
    const fails = command("public", async () => {
      throw usageError("missing_credentials", "This server has no Theta credentials yet.", {
        operatorHint: "Run /theta setup to add them.",
      });
    });
    const { run } = await setup([fails.cmd]);
    const admin = interaction("command", { admin: true });
    await run(admin);
    expect(titleOf(admin.calls[1]?.[1])?.description).toBe(
      "This server has no Theta credentials yet. Run /theta setup to add them.",
    );
    const memberI = interaction("command", { admin: false });
    await run(memberI);
    expect(titleOf(memberI.calls[1]?.[1])?.description).toBe("This server has no Theta credentials yet.");
    const dm = interaction("command", { admin: null });
    await run(dm);
    expect(titleOf(dm.calls[1]?.[1])?.description).toBe("This server has no Theta credentials yet.");
  });

  it("when the store cannot record the interaction: nothing runs, the member is told at once, the log says why", async () => {
    const { cmd, runs } = command("public");
    const o = await openEmbedded();
    opened.push(o);
    const logged = capture();
    const broken = Object.assign(Object.create(o.store), {
      setIfAbsent: async () => {
        throw new Error("ECONNREFUSED");
      },
    });
    const ctx = { app: { store: broken, logger: logged.logger } } as unknown as DiscordContext;
    const dispatch = createDispatcher(ctx, [cmd]);
    const i = interaction("command");
    await dispatch(i as never);
    expect(runs).toEqual([]);
    expect(i.calls.map((c) => c[0])).toEqual(["reply"]);
    expect((i.calls[0]?.[1] as { flags?: number } | undefined)?.flags).toBe(MessageFlags.Ephemeral);
    expect(titleOf(i.calls[0]?.[1])?.description).toBe(INTAKE_UNAVAILABLE);
    const a = interaction("autocomplete");
    await dispatch(a as never);
    expect(a.calls).toEqual([["respond", []]]);
    expect(logged.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        bindings: { adapter: "discord" },
        msg: "interaction not recorded (store unavailable); told the user",
        interaction: i.id,
      }),
    );
  });

  it("an error that cannot be shown is logged with the reason", async () => {
    const fails = command("public", async () => {
      throw usageError("bad_prompt", "x");
    });
    const o = await openEmbedded();
    opened.push(o);
    const logged = capture();
    const ctx = { app: { store: o.store, logger: logged.logger } } as unknown as DiscordContext;
    await createDispatcher(ctx, [fails.cmd])(interaction("command", { fail: "editReply" }) as never);
    expect(logged.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: "could not show an error to the user",
        err: expect.objectContaining({ message: "editReply failed" }),
      }),
    );
  });

  it("an autocomplete handler that throws before returning its promise still answers with no options, and is logged", async () => {
    const throwsAtOnce = {
      data: { name: "probe", description: "p" },
      ack: () => "ephemeral",
      run: async () => {},
      // Not an async function: the error is thrown by the call itself, not as a rejected promise.
      autocomplete: () => {
        throw new Error("suggestions crashed");
      },
    } as unknown as DiscordCommand;
    const o = await openEmbedded();
    opened.push(o);
    const logged = capture();
    const ctx = { app: { store: o.store, logger: logged.logger } } as unknown as DiscordContext;
    const i = interaction("autocomplete");
    await expect(createDispatcher(ctx, [throwsAtOnce])(i as never)).resolves.toBeUndefined();
    expect(i.calls).toEqual([["respond", []]]);
    expect(logged.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        bindings: { adapter: "discord" },
        msg: "autocomplete failed; answered with no options",
        command: "probe",
        err: expect.objectContaining({ message: "suggestions crashed" }),
      }),
    );
  });

  it("a command without suggestions answers autocomplete with an empty list", async () => {
    const { cmd } = command("public");
    const { run } = await setup([cmd]);
    const a = interaction("autocomplete");
    await run(a);
    expect(a.calls).toEqual([["respond", []]]);
  });

  it("the GPU modal is handled (an expired draft is said so); an interaction of another kind is left alone", async () => {
    const { run } = await setup([]);
    const gpu = interaction("modal", { customId: "gpu:draft-gone" });
    await run(gpu);
    expect(gpu.calls.map((c) => c[0])).toEqual(["deferReply", "editReply"]);
    expect(titleOf(gpu.calls[1]?.[1])?.description).toBe(
      "This GPU Node request expired; run /gpu create again.",
    );
    const select = interaction("select", { customId: "setup:ondemand" });
    await run(select);
    expect(select.calls).toEqual([]);
  });
});

/** A logger that keeps what it was given (level, child bindings, fields, message). */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const make = (bindings: Record<string, unknown>): unknown => {
    const at = (level: string) => (fields: Record<string, unknown>, msg?: string) =>
      lines.push({ level, bindings, ...fields, msg });
    return {
      child: (b: Record<string, unknown>) => make({ ...bindings, ...b }),
      trace: at("trace"),
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      fatal: at("fatal"),
    };
  };
  return { lines, logger: make({}) as Logger };
}
