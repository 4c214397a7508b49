/**
 * discord.js-only baseline for bench/discord.ts: one Client on the same double that defers each
 * command and edits the reply at once. What remains is discord.js, the double and Node — measured
 * in the same run, so the bot's figures can be read against the machine's load.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js";

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL!, globalRequestsPerSecond: 1000 },
});
client.on(Events.InteractionCreate, async (i) => {
  if (!i.isChatInputCommand()) return;
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  await i.editReply({ content: "ok" });
});
await client.login(process.env.DISCORD_TOKEN);
process.once("SIGTERM", () => void client.destroy().then(() => process.exit(0)));
