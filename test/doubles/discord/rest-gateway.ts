/** GET /gateway and GET /gateway/bot: the WebSocket URL, the recommended shard count, session start limits. */
import { ok, type Route } from "./router.js";

export const gatewayRoutes: Route[] = [
  { method: "GET", pattern: "/gateway", auth: false, handler: (ctx) => ok({ url: ctx.state.gatewayUrl }) },
  {
    method: "GET",
    pattern: "/gateway/bot",
    auth: true,
    handler: (ctx) =>
      ok({
        url: ctx.state.gatewayUrl,
        shards: ctx.gateway.limits.recommendedShards(),
        session_start_limit: ctx.gateway.limits.sessionStartLimit(),
      }),
  },
];
