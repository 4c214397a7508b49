import type { ServiceCache } from "../../core/chat/services.js";
import type { DiscordContext } from "./context.js";

/** The app's discovery cache (discovery is public: no tenant credentials involved). */
export function serviceCache(ctx: DiscordContext): ServiceCache {
  return ctx.app.services;
}
