// @ts-nocheck
import { ActionService, type PaidRequest } from "../../src/core/chat/actions.js";
import { type Caller, tenantOf } from "../../src/core/chat/caller.js";
import { settleJobSpend } from "../../src/core/chat/settle.js";
import type { Runtime } from "../../src/core/operations/runner.js";
import { spentToday, updatePolicy } from "../../src/core/policy/index.js";
import type { PolicyPatch } from "../../src/core/policy/policy.js";
import type { ThetaDouble } from "../doubles/theta/index.js";
import { type JobStack, startJobStack } from "../helpers/job-stack.js";

export const member = (userId = "u1", tenantId = "g1"): Caller => ({
  platform: "discord",
  tenantId,
  userId,
  isAdmin: true,
  roleIds: [],
  channelId: "c1",
});

/** A paid /imagine on flux, as the Discord adapter builds it. */
export function imagine(prompt = "a red fox"): PaidRequest {
  const input = { prompt };
  return {
    title: `Image: ${prompt}`,
    details: [],
    operation: "theta.ondemand.infer",
    input: { service: "flux", input },
    job: { kind: "ondemand", service: "flux", data: { service: "flux", input, mediaKind: "image" } },
  };
}

export interface MoneyStack extends JobStack {
  actions: ActionService;
  rt: Runtime;
  setPolicy(patch: PolicyPatch, caller?: Caller): Promise<void>;
  spent(caller?: Caller, user?: boolean): Promise<number>;
}

/**
 * The job stack with what the bot wires around it for chat: the ActionService (quote → confirm →
 * reserve → job) and the final-state hook that settles a job's reservation.
 */
export async function startMoney(
  double: ThetaDouble,
  o: { redis?: boolean; env?: Record<string, string | undefined>; now?: () => number } = {},
): Promise<MoneyStack> {
  const stack = await startJobStack(double, { redis: o.redis, env: o.env });
  stack.deps.events = { onFinal: (e) => settleJobSpend(stack.store, e) };
  const rt: Runtime = {
    config: stack.deps.config,
    credentials: stack.deps.credentials,
    logger: stack.deps.logger,
  };
  const actions = new ActionService(rt, stack.store, stack.service, o.now);
  return {
    ...stack,
    actions,
    rt,
    setPolicy: async (patch, caller = member()) => {
      await updatePolicy(stack.store, tenantOf(caller), patch);
    },
    spent: (caller = member(), user = false) =>
      spentToday(stack.store, tenantOf(caller), user ? caller.userId : undefined),
  };
}

/** Waits until `fn` is truthy (or throws after `ms`). */
export async function until<T>(fn: () => Promise<T> | T, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
