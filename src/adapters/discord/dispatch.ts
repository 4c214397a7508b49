import { type Interaction, MessageFlags, PermissionFlagsBits, type RepliableInteraction } from "discord.js";
import { claimInbound } from "../../core/chat/inbound.js";
import type { Logger } from "../../core/logger.js";
import { errorCard } from "../../core/present/error-card.js";
import { BUTTONS, UPDATES_IN_PLACE } from "./buttons.js";
import { submitGpuCreate } from "./commands/gpu.js";
import { submitSetup } from "./commands/theta-setup.js";
import type { DiscordCommand, DiscordContext } from "./context.js";
import { TurnPacer } from "./pacer.js";
import { errorMessage } from "./render.js";

async function showError(i: RepliableInteraction, err: unknown, logger: Logger, inPlace: boolean) {
  const viewer = { isAdmin: Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) };
  const payload = errorMessage(errorCard(err, logger, viewer));
  try {
    // After deferUpdate the reply is the message the button sits on: answer privately instead.
    if (inPlace) await i.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    else if (i.deferred || i.replied) await i.editReply(payload);
    else await i.reply({ ...payload, flags: MessageFlags.Ephemeral });
  } catch (e) {
    logger.warn({ err: e }, "could not show an error to the user");
  }
}

/**
 * Every interaction: de-duplicated by id, acknowledged before any Theta call (defer, or a modal
 * that is itself the ack), then handled; errors become a message the user can act on. When the
 * store cannot record the interaction it is answered at once (not run), never left silent.
 */
export function createDispatcher(ctx: DiscordContext, commands: DiscordCommand[]) {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const logger = ctx.app.logger.child({ adapter: "discord" });
  const pacer = new TurnPacer();
  return async (i: Interaction): Promise<void> => {
    try {
      if (!(await claimInbound(ctx.app.store, `discord:${i.id}`))) return;
    } catch (err) {
      // The store is down: nothing runs, but the user is answered inside the 3-second window.
      logger.warn({ err, interaction: i.id }, "interaction not recorded (store unavailable); told the user");
      if (i.isAutocomplete()) {
        await i.respond([]).catch(() => {});
        return;
      }
      // Stryker disable next-line ConditionalExpression: equivalent, every other interaction the gateway sends is repliable
      if (i.isRepliable()) await showError(i, err, logger, false);
      return;
    }
    let inPlace = false;
    try {
      if (i.isAutocomplete()) {
        const cmd = byName.get(i.commandName);
        try {
          // Inside the try: a handler that throws before returning its promise is caught too.
          await (cmd?.autocomplete ? cmd.autocomplete(i, ctx) : i.respond([]));
        } catch (err) {
          // Discord shows "loading options failed" to an autocomplete left unanswered: answer empty.
          logger.warn({ err, command: i.commandName }, "autocomplete failed; answered with no options");
          await i.respond([]).catch(() => {});
        }
        return;
      }
      if (i.isChatInputCommand()) {
        const cmd = byName.get(i.commandName);
        if (!cmd)
          return void (await i.reply({
            content: "This command is not served by this bot any more.",
            flags: MessageFlags.Ephemeral,
          }));
        const mode = cmd.ack(i);
        if (mode !== "modal") {
          await i.deferReply(mode === "ephemeral" ? { flags: MessageFlags.Ephemeral } : {});
          await pacer.turn();
        }
        await cmd.run(i, ctx);
        return;
      }
      if (i.isButton()) {
        const [a, b, arg = ""] = i.customId.split(":");
        const key = `${a}:${b}`;
        const handler = BUTTONS[key];
        if (!handler)
          return void (await i.reply({
            content: "This button is no longer active.",
            flags: MessageFlags.Ephemeral,
          }));
        inPlace = UPDATES_IN_PLACE.has(key);
        if (inPlace) await i.deferUpdate();
        else await i.deferReply({ flags: MessageFlags.Ephemeral });
        await pacer.turn();
        await handler(i, ctx, arg);
        return;
      }
      if (i.isModalSubmit()) {
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        // Stryker disable next-line StringLiteral: equivalent, the bot's modal ids always carry an argument (setup:<family>, gpu:<interaction id>); without one, "" and any other word that is no family and no draft id get the same refusal
        const [kind, arg = ""] = i.customId.split(":");
        if (kind === "setup") await submitSetup(i, ctx, arg);
        if (kind === "gpu") await submitGpuCreate(i, ctx, arg);
      }
    } catch (err) {
      // Autocomplete answers its own failures above, so what fails here can always be answered;
      // the check narrows the type for showError, and its other side is never taken (kept so that
      // nothing is ever swallowed silently).
      // Stryker disable ConditionalExpression,BlockStatement,StringLiteral,ObjectLiteral: equivalent, every interaction reaching here is repliable, so the log below never runs
      if (i.isRepliable()) await showError(i, err, logger, inPlace);
      else {
        logger.error({ err }, "interaction failed");
      }
      // Stryker restore ConditionalExpression,BlockStatement,StringLiteral,ObjectLiteral
    }
  };
}
