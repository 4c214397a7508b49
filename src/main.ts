/** The bot: chat adapters (when configured), job workers and the health/metrics HTTP server. */
import { serve } from "./app/serve.js";
import { DeliveryRouter } from "./jobs/delivery.js";

await serve({ role: "bot", router: new DeliveryRouter(), adapters: () => [] });
