// @ts-nocheck
import type { Quote } from "../operations/define.js";
import type { RequestPreview } from "../theta/transport.js";

/** A paid action waiting for its requester: what will run, what it costs, Confirm / Cancel. */
export interface ConfirmCard {
  actionId: string;
  title: string;
  details: Array<{ name: string; value: string }>;
  quote: Quote | undefined;
  expiresAt: number;
  requesterId: string;
}

/** THETA_DRY_RUN: the exact request that would be sent; nothing was. */
export interface PreviewCard {
  title: string;
  request?: RequestPreview | undefined;
  quote?: Quote | undefined;
  note: string;
}

/** An error as users see it: what happened and what to do. */
export interface ErrorCard {
  kind:
    | "permission"
    | "credentials"
    | "budget"
    | "not_live"
    | "capacity"
    | "upstream"
    | "too_large"
    | "input"
    | "expired"
    | "internal";
  title: string;
  text: string;
  /** For unknown errors: the id to quote to the operator, whose log has the full error. */
  refId?: string | undefined;
}

export function quoteText(q: Quote | undefined): string {
  if (!q) return "Cost: not known";
  const src =
    q.source === "live"
      ? "live price"
      : q.source === "catalog"
        ? "documented price"
        : q.source === "vm-catalog"
          ? "machine catalog"
          : "no published price";
  return `Cost: ${q.display} (${src})`;
}
