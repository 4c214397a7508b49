import { randomBytes } from "node:crypto";
import { z } from "zod";
import { BotError } from "../errors.js";
import { FINAL_STATES, type JobKind, type JobSubmitter } from "../job-record.js";
import type { Quote } from "../operations/define.js";
import { prepare, quoteOperation, type Runtime, runOperation } from "../operations/runner.js";
import {
  acquireJobSlot,
  adjust,
  checkBudget,
  formatUsd,
  getPolicy,
  needsConfirmation,
  PLATFORM_ADMIN_LABELS,
  type Reservation,
  releaseJobSlot,
  requireSpender,
  reserveWithinBudget,
} from "../policy/index.js";
import type { ConfirmCard, PreviewCard } from "../present/cards.js";
import type { StateStore } from "../store/index.js";
import { provenNotAccepted } from "../theta/acceptance.js";
import { type SendRecord, trackSends } from "../theta/send-tracker.js";
import { type Caller, originOf, tenantOf } from "./caller.js";

/** A paid request from chat: an operation, and (for long work) the job that runs it. */
export interface PaidRequest {
  title: string;
  details: Array<{ name: string; value: string }>;
  operation: string;
  input: unknown;
  job?: { kind: JobKind; data: Record<string, unknown>; service?: string | undefined } | undefined;
}

export type Outcome =
  | { kind: "confirm"; card: ConfirmCard }
  | { kind: "preview"; card: PreviewCard }
  | { kind: "started"; jobId: string; quote: Quote | undefined; created: boolean; title: string }
  | { kind: "done"; result: unknown; quote: Quote | undefined; title: string };

const CONFIRM_TTL_MS = 2 * 60 * 1000;

/** Budgets count dollars; prices Theta gives only in raw units (LLM tokens) are not counted. */
const usdOf = (q: Quote | undefined): number => (q?.currency === "USD" ? (q.amount ?? 0) : 0);
const pendingSchema = z.object({
  id: z.string(),
  state: z.enum(["pending", "confirmed", "cancelled"]),
  caller: z.custom<Caller>(),
  request: z.custom<PaidRequest>(),
  quote: z.custom<Quote>().optional(),
  expiresAt: z.number(),
});
type Pending = z.infer<typeof pendingSchema>;
const KEY = (id: string) => `action:${id}`;

/**
 * Quote → confirm → charge, in one place for every adapter. Confirmations belong to the requester,
 * expire after two minutes and are single-use (compare-and-set), so a double-click runs one job.
 */
export class ActionService {
  constructor(
    private readonly rt: Runtime,
    private readonly store: StateStore,
    private readonly jobs: JobSubmitter,
    private readonly now: () => number = Date.now,
  ) {}

  async propose(caller: Caller, req: PaidRequest): Promise<Outcome> {
    const tenant = tenantOf(caller);
    const policy = await getPolicy(this.store, tenant);
    requireSpender(policy, caller, PLATFORM_ADMIN_LABELS[caller.platform]);
    const { op } = prepare(req.operation, req.input);
    if (this.rt.config.dryRun) {
      // Nothing is sent in a dry run, and THETA_DRY_RUN alone already makes the runner preview;
      // paid operations are mutating, so the result is always a preview (the fallbacks are defensive).
      // Stryker disable next-line ObjectLiteral: equivalent, THETA_DRY_RUN makes runOperation preview without the option
      const r = await runOperation(this.rt, req.operation, req.input, { tenant, dryRun: true });
      // Stryker disable next-line ConditionalExpression: equivalent, a paid (mutating) operation under dry run always previews
      const preview = r.kind === "dryRun" ? r : undefined;
      return {
        kind: "preview",
        card: {
          title: req.title,
          // Stryker disable next-line OptionalChaining: equivalent, preview is always set (see above)
          request: preview?.request,
          // Stryker disable next-line OptionalChaining: equivalent, preview is always set (see above)
          quote: preview?.quote,
          note: "Dry run (THETA_DRY_RUN): this is the request the bot would send. Nothing was sent or charged.",
        },
      };
    }
    for (const f of op.families) await this.rt.credentials.resolve(tenant, f);
    // The price comes from Theta's public catalog (or the documented price) whoever asks; who pays is
    // decided by execute(), which runs on the tenant's credentials.
    // Stryker disable next-line ObjectLiteral: equivalent, a quote reads prices only (missing credentials get placeholders)
    const quote = await quoteOperation(this.rt, req.operation, req.input, { tenant }).catch(() => undefined);
    await checkBudget(this.store, policy, tenant, caller.userId, usdOf(quote));
    const usd = quote?.currency === "USD" ? quote.amount : undefined;
    if (!needsConfirmation(policy, usd)) {
      return this.execute(caller, req, quote, `auto-${randomBytes(6).toString("hex")}`);
    }
    const id = randomBytes(9).toString("base64url");
    const pending: Pending = {
      id,
      state: "pending",
      caller,
      request: req,
      quote,
      expiresAt: this.now() + CONFIRM_TTL_MS,
    };
    await this.store.set(KEY(id), JSON.stringify(pending), { ttlMs: CONFIRM_TTL_MS * 5 });
    return {
      kind: "confirm",
      card: {
        actionId: id,
        title: req.title,
        details: req.details,
        quote,
        expiresAt: pending.expiresAt,
        requesterId: caller.userId,
      },
    };
  }

  private async load(id: string, caller: Caller): Promise<{ raw: string; p: Pending }> {
    const raw = await this.store.get(KEY(id));
    if (!raw)
      throw new BotError({
        code: "action_expired",
        family: "usage",
        message: "This confirmation has expired. Run the command again.",
      });
    const p = pendingSchema.parse(JSON.parse(raw));
    if (
      p.caller.userId !== caller.userId ||
      p.caller.tenantId !== caller.tenantId ||
      p.caller.platform !== caller.platform
    ) {
      throw new BotError({
        code: "not_requester",
        family: "usage",
        message: "Only the person who asked can confirm or cancel this.",
      });
    }
    if (p.state !== "pending") {
      throw new BotError({ code: "action_used", family: "usage", message: `This was already ${p.state}.` });
    }
    if (this.now() > p.expiresAt) {
      throw new BotError({
        code: "action_expired",
        family: "usage",
        message: "This confirmation expired after 2 minutes; nothing was charged. Run the command again.",
      });
    }
    return { raw, p };
  }

  /** The requester confirms: single-use, then the budget is checked again and the work starts. */
  async confirm(actionId: string, caller: Caller): Promise<Outcome> {
    const { raw, p } = await this.load(actionId, caller);
    const next = JSON.stringify({ ...p, state: "confirmed" });
    if (!(await this.store.compareAndSet(KEY(actionId), raw, next, { ttlMs: CONFIRM_TTL_MS * 5 }))) {
      throw new BotError({ code: "action_used", family: "usage", message: "This was already confirmed." });
    }
    const policy = await getPolicy(this.store, tenantOf(caller));
    await checkBudget(this.store, policy, tenantOf(caller), caller.userId, usdOf(p.quote));
    return this.execute(p.caller, p.request, p.quote, actionId);
  }

  async cancel(actionId: string, caller: Caller): Promise<void> {
    const { raw, p } = await this.load(actionId, caller);
    await this.store.compareAndSet(KEY(actionId), raw, JSON.stringify({ ...p, state: "cancelled" }), {
      ttlMs: CONFIRM_TTL_MS,
    });
  }

  private async execute(
    caller: Caller,
    req: PaidRequest,
    quote: Quote | undefined,
    actionId: string,
  ): Promise<Outcome> {
    const tenant = tenantOf(caller);
    const amount = usdOf(quote);
    const policy = await getPolicy(this.store, tenant);
    if (!req.job) {
      // Over a cap, reserveWithinBudget has already taken its own reservation back: nothing to undo.
      const reservation = await reserveWithinBudget(this.store, policy, tenant, caller.userId, amount);
      // Stryker disable next-line ObjectLiteral: equivalent, a record without `sent` reads as not sent
      const sends: SendRecord = { sent: false };
      try {
        const r = await trackSends(sends, () => runOperation(this.rt, req.operation, req.input, { tenant }));
        // Stryker disable next-line ConditionalExpression: equivalent, execute never runs in a dry run (propose previews first), so r is a result
        return { kind: "done", result: r.kind === "result" ? r.result : r, quote, title: req.title };
      } catch (err) {
        // Failing before anything but a GET left for Theta (the server's keys could not be read,
        // say) or refused by Theta itself: nothing was accepted, so the reservation goes back.
        if (!sends.sent || provenNotAccepted(err)) {
          await this.refund(caller, amount, reservation);
          throw err;
        }
        throw ambiguousError(req.title, amount, err);
      }
    }
    const jobId = `job-${actionId}`;
    const tookSlot = await acquireJobSlot(this.store, policy, tenant, caller.userId, jobId);
    let reservation: Reservation;
    try {
      reservation = await reserveWithinBudget(this.store, policy, tenant, caller.userId, amount);
    } catch (err) {
      if (tookSlot) await releaseJobSlot(this.store, tenant, caller.userId, jobId).catch(() => {});
      throw err;
    }
    try {
      const r = await this.jobs.submit({
        id: jobId,
        kind: req.job.kind,
        title: req.title,
        origin: originOf(caller),
        service: req.job.service,
        data: { ...req.job.data, reservedUsd: amount, reservedDay: reservation.day },
      });
      // The same action submitted again is the same job: its first reservation already counts.
      if (!r.created) {
        await this.refund(caller, amount, reservation);
        // A slot taken here for a job that has already ended would never be released by it.
        if (tookSlot && r.entry && FINAL_STATES.includes(r.entry.state)) {
          await releaseJobSlot(this.store, tenant, caller.userId, jobId).catch(() => {});
        }
      }
      return { kind: "started", jobId, quote, created: r.created, title: req.title };
    } catch (err) {
      if (tookSlot) await releaseJobSlot(this.store, tenant, caller.userId, jobId).catch(() => {});
      await this.refund(caller, amount, reservation);
      throw err;
    }
  }

  /** Gives a reservation back on the day it was taken (not today: a refund can cross midnight). */
  private async refund(caller: Caller, amount: number, reservation: Reservation): Promise<void> {
    // Stryker disable next-line ConditionalExpression: equivalent, refunding $0 adds 0 to both counters (the same totals, two writes saved)
    if (amount === 0) return;
    await adjust(this.store, tenantOf(caller), caller.userId, -amount, reservation.day).catch(() => {});
  }
}

/** A paid call that Theta may have accepted: the reservation stays and the user is told so. */
function ambiguousError(title: string, amount: number, err: unknown): BotError {
  const why =
    err instanceof BotError ? err.message.replace(/\.$/, "") : "the bot could not read Theta's answer";
  return new BotError({
    code: "ambiguous_submission",
    family: err instanceof BotError ? err.family : "runtime",
    message:
      `${title}: the request may have been accepted by Theta, but no usable answer came back (${why}). ` +
      `It was not sent again, so you are not charged twice${amount > 0 ? `; its ${formatUsd(amount)} stays counted against today's budget` : ""}. Check the Theta dashboard before retrying.`,
    cause: err,
  });
}
