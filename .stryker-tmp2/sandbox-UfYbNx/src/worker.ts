/** Worker-only process: runs jobs from the shared queue (REDIS_URL) to scale out across machines. */
// @ts-nocheck


import { discordAdapter } from "./adapters/discord/adapter.js";
import { slackAdapter } from "./adapters/slack/adapter.js";
import { serve } from "./app/serve.js";
import { DeliveryRouter } from "./jobs/delivery.js";

await serve({
  role: "worker",
  router: new DeliveryRouter(),
  adapters: (config) => [discordAdapter(config), slackAdapter(config)],
});
