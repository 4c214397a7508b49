/** Worker-only process: runs jobs from the shared queue (REDIS_URL) to scale out across machines. */
import { serve } from "./app/serve.js";
import { DeliveryRouter } from "./jobs/delivery.js";

await serve({ role: "worker", router: new DeliveryRouter(), adapters: () => [] });
