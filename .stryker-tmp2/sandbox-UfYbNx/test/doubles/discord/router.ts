/** Route table plumbing: "/channels/:channel/messages" patterns, params, the rate-limit bucket key. */
// @ts-nocheck

import type { Gateway } from "./gateway.js";
import type { ParsedBody } from "./http.js";
import type { DoubleState } from "./state.js";

export interface Ctx {
  state: DoubleState;
  gateway: Gateway;
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  pattern: string;
  /** Bot routes need `Authorization: Bot <token>`; interaction callback/webhook routes do not. */
  auth: boolean;
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

interface Compiled extends Route {
  regex: RegExp;
  names: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
  /** Method + route with only the major parameter (channel/guild/webhook) kept, like Discord buckets. */
  bucketKey: string;
}

const MAJOR = new Set(["channel", "guild", "app", "webhook"]);

export class Router {
  private readonly routes: Compiled[];

  constructor(routes: Route[]) {
    this.routes = routes.map((r) => {
      const names: string[] = [];
      const source = r.pattern
        .split("/")
        .map((seg) => {
          if (!seg.startsWith(":")) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(seg.slice(1));
          return "([^/]+)";
        })
        .join("/");
      return { ...r, regex: new RegExp(`^${source}$`), names };
    });
  }

  /** The matching route, "method" when only the method is wrong, or null. */
  match(method: string, path: string): Match | "method" | null {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        params[n] = m[i + 1] ?? "";
      });
      const bucketPath = r.pattern.replace(/:(\w+)/g, (_all, n: string) =>
        MAJOR.has(n) ? (params[n] ?? "") : `:${n}`,
      );
      return { route: r, params, bucketKey: `${method} ${bucketPath}` };
    }
    return pathMatched ? "method" : null;
  }
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

export function obj(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
