// @ts-nocheck
import type { DiscordCommand } from "../context.js";
import { ask } from "./ask.js";
import { imagine } from "./imagine.js";
import { mediaCommands } from "./media.js";
import { theta } from "./theta.js";
import { video } from "./video.js";

/** Every slash command this bot serves (deploy-commands registers exactly these). */
export const COMMANDS: DiscordCommand[] = [imagine, video, ask, theta, ...mediaCommands];
