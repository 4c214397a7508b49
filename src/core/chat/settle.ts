import type { LedgerEntry } from "../job-record.js";
import { adjust, releaseJobSlot } from "../policy/index.js";
import type { StateStore } from "../store/index.js";

/**
 * When a chat job ends: free the requester's job slot and true up the day's spend — the actual
 * cost when Theta reported one, nothing when it never reached Theta, the reservation otherwise.
 * A job whose price was unknown reserved nothing, but what Theta reports it cost still counts.
 */
export async function settleJobSpend(store: StateStore, e: LedgerEntry): Promise<void> {
  // Stryker disable next-line ConditionalExpression: equivalent, only chat jobs hold a slot or a reservation (for others both writes find nothing)
  if (e.origin.platform !== "discord" && e.origin.platform !== "slack") return;
  const tenant = { platform: e.origin.platform, id: e.origin.tenantId };
  const data = (e.data ?? {}) as { reservedUsd?: number; reservedDay?: string };
  await releaseJobSlot(store, tenant, e.origin.userId, e.id);
  const reserved = data.reservedUsd ?? 0;
  if (!data.reservedDay) return;
  const neverCharged = !e.upstreamId && (e.state === "failed" || e.state === "cancelled");
  const actual = neverCharged ? 0 : e.cost?.currency === "USD" ? e.cost.amount : reserved;
  // Stryker disable next-line ConditionalExpression: equivalent, adjusting by 0 leaves both counters as they are
  if (actual !== reserved) await adjust(store, tenant, e.origin.userId, actual - reserved, data.reservedDay);
}
