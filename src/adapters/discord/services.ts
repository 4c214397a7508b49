import { ServiceCache } from "../../core/chat/services.js";
import { ThetaClient } from "../../core/theta/client.js";
import type { DiscordContext } from "./context.js";

const caches = new WeakMap<DiscordContext, ServiceCache>();

/** One discovery cache per adapter (discovery is public: no tenant credentials involved). */
export function serviceCache(ctx: DiscordContext): ServiceCache {
  let c = caches.get(ctx);
  if (!c) {
    const cfg = ctx.app.config;
    const client = new ThetaClient({
      baseUrls: cfg.baseUrls,
      http: cfg.http,
      credentials: {},
      outputHosts: cfg.outputHosts,
    });
    c = new ServiceCache(() => client);
    caches.set(ctx, c);
  }
  return c;
}
