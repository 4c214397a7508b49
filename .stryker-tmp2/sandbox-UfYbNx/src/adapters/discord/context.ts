// @ts-nocheck
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  REST,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { App } from "../../app/app.js";
import type { ActionService } from "../../core/chat/actions.js";
import type { TenantCredentialStore } from "../../core/policy/index.js";

/** What every Discord handler gets: the app (store, jobs, runtime), paid actions, credentials. */
export interface DiscordContext {
  app: App;
  actions: ActionService;
  credentials: TenantCredentialStore;
  rest: REST;
  applicationId: string;
}

/** How a command acknowledges: a deferred reply (ephemeral or public), or a modal (itself the ack). */
export type AckMode = "ephemeral" | "public" | "modal";

/** One slash command: its registration JSON and its handler (called after the ack). */
export interface DiscordCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  ack(i: ChatInputCommandInteraction): AckMode;
  run(i: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void>;
  autocomplete?(i: AutocompleteInteraction, ctx: DiscordContext): Promise<void>;
}

export type ButtonHandler = (i: ButtonInteraction, ctx: DiscordContext, arg: string) => Promise<void>;
