/** The bot: chat adapters (when configured), job workers and the health/metrics HTTP server. */
// @ts-nocheck


import { discordAdapter } from "./adapters/discord/adapter.js";
import { slackAdapter } from "./adapters/slack/adapter.js";
import { serve } from "./app/serve.js";
import { DeliveryRouter } from "./jobs/delivery.js";

await serve({
  role: "bot",
  router: new DeliveryRouter(),
  adapters: (config) => [discordAdapter(config), slackAdapter(config)],
});
