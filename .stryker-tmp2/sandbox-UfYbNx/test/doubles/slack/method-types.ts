// @ts-nocheck
import type { Fields } from "./http-util.js";
import type { DoubleState, TokenRecord } from "./state.js";
import type { ResolvedTeam } from "./types.js";

/** Thrown by a handler: answered as HTTP 200 `{ ok:false, error, response_metadata? }`. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
  }
}

export interface MethodContext {
  state: DoubleState;
  args: Fields;
  binary: Record<string, Buffer>;
  token?: TokenRecord;
  /** The workspace of the calling token (bot/user tokens only). */
  team?: ResolvedTeam;
}

export interface MethodSpec {
  /** bot: xoxb/xoxp token of a known team; app: xapp token; none: no token needed. */
  auth: "bot" | "app" | "none";
  handler: (ctx: MethodContext) => Record<string, unknown>;
}

export type MethodTable = Record<string, MethodSpec>;

export function requireTeam(ctx: MethodContext): ResolvedTeam {
  if (!ctx.team) throw new SlackApiError("invalid_auth");
  return ctx.team;
}

export function requireArg(ctx: MethodContext, name: string, error = "invalid_arguments"): string {
  const v = ctx.args[name];
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number") return String(v);
  throw new SlackApiError(error, [`[ERROR] missing required field: ${name}`]);
}
