/**
 * Registers the slash commands: `npm run deploy-commands [-- --guild <id>]`. Global commands take
 * up to an hour to appear; guild commands are immediate (use them while developing).
 */
// @ts-nocheck

import { REST, Routes } from "discord.js";
import { loadConfig } from "../../config.js";
import { BotError } from "../../core/errors.js";
import { restApi } from "./client.js";
import { COMMANDS } from "./commands/index.js";

export async function deployCommands(
  argv: string[],
  env?: Record<string, string | undefined>,
): Promise<string> {
  const config = env ? loadConfig(env) : loadConfig();
  const { token, applicationId } = config.discord;
  if (!token || !applicationId) {
    throw new BotError({
      code: "missing_credentials",
      family: "config",
      message: "Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands.",
    });
  }
  const g = argv.indexOf("--guild");
  const guild = g >= 0 ? argv[g + 1] : undefined;
  if (g >= 0 && !guild?.match(/^\d{15,22}$/)) {
    throw new BotError({
      code: "INVALID_ARGUMENT",
      family: "usage",
      message: "--guild takes a server id (Developer Mode → right-click the server → Copy Server ID).",
    });
  }
  const api = restApi(config);
  const rest = new REST({ version: "10", ...(api ? { api } : {}) }).setToken(token);
  const body = COMMANDS.map((c) => c.data);
  const route = guild
    ? Routes.applicationGuildCommands(applicationId, guild)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  return `Registered ${body.length} commands ${guild ? `in server ${guild}` : "globally (may take up to an hour to appear)"}: ${body.map((c) => `/${c.name}`).join(" ")}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  deployCommands(process.argv.slice(2))
    .then((msg) => process.stdout.write(`${msg}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`deploy-commands: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof BotError && (err.family === "config" || err.family === "usage") ? 2 : 1);
    });
}
