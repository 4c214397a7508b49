// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { BotError } from "../../core/errors.js";
import { catalogEntry } from "../../core/theta/ondemand-catalog.js";
import { deadlineFor } from "../../core/theta/ondemand-poll.js";
import { type InferRequest, isTerminal, outputText, outputUrls, requestError } from "../../core/theta/ondemand-types.js";
import { pollDelay, retryDelay } from "../backoff.js";
import { hookUrl, nextPollDelay } from "../completion-hooks.js";
import type { LedgerEntry } from "../ledger.js";
import type { MediaKind } from "../media.js";
import type { JobContext, StepResult } from "../queue/job-queue.js";
import { isStoreOutage, persistThroughOutage } from "../store-retry.js";
import { clientFor, type JobDeps, ledgerEntry } from "./deps.js";
import { deliver, errorInfo, finish } from "./finish.js";
import { resolveFiles } from "./inputs.js";
import { cancelIfAsked, progress } from "./progress.js";
import { submitFailure } from "./submit-outcome.js";
export interface OndemandJobData {
  service: string;
  input: Record<string, unknown>;
  prediction?: string | undefined;
  variant?: string | undefined;
  /** Inputs for the service's file fields: fetched (URL) or decoded (base64), then uploaded. */
  files?: Record<string, {
    url: string;
  } | {
    base64: string;
    filename?: string | undefined;
  }> | undefined;
  mediaKind?: MediaKind | undefined;
  /** Overrides the service-aware deadline (ms from submission). */
  deadlineMs?: number | undefined;
  step?: number | undefined;
  /** Theta's id when it was accepted but the ledger could not record it yet (store outage). */
  upstreamId?: string | undefined;
}

/** Cost of a finished request from cost_usd {input, output}. */
function costOf(req: InferRequest): LedgerEntry["cost"] {
  if (stryMutAct_9fa48("105")) {
    {}
  } else {
    stryCov_9fa48("105");
    const c = req.cost_usd as {
      input?: unknown;
      output?: unknown;
    } | undefined;
    const amount = stryMutAct_9fa48("106") ? (Number(c?.input) || 0) - (Number(c?.output) || 0) : (stryCov_9fa48("106"), (stryMutAct_9fa48("109") ? Number(c?.input) && 0 : stryMutAct_9fa48("108") ? false : stryMutAct_9fa48("107") ? true : (stryCov_9fa48("107", "108", "109"), Number(stryMutAct_9fa48("110") ? c.input : (stryCov_9fa48("110"), c?.input)) || 0)) + (stryMutAct_9fa48("113") ? Number(c?.output) && 0 : stryMutAct_9fa48("112") ? false : stryMutAct_9fa48("111") ? true : (stryCov_9fa48("111", "112", "113"), Number(stryMutAct_9fa48("114") ? c.output : (stryCov_9fa48("114"), c?.output)) || 0)));
    return (stryMutAct_9fa48("118") ? amount <= 0 : stryMutAct_9fa48("117") ? amount >= 0 : stryMutAct_9fa48("116") ? false : stryMutAct_9fa48("115") ? true : (stryCov_9fa48("115", "116", "117", "118"), amount > 0)) ? stryMutAct_9fa48("119") ? {} : (stryCov_9fa48("119"), {
      amount,
      currency: stryMutAct_9fa48("120") ? "" : (stryCov_9fa48("120"), "USD"),
      source: stryMutAct_9fa48("121") ? "" : (stryCov_9fa48("121"), "theta")
    }) : undefined;
  }
}
function kindOf(d: OndemandJobData): MediaKind {
  if (stryMutAct_9fa48("122")) {
    {}
  } else {
    stryCov_9fa48("122");
    if (stryMutAct_9fa48("124") ? false : stryMutAct_9fa48("123") ? true : (stryCov_9fa48("123", "124"), d.mediaKind)) return d.mediaKind;
    const cat = stryMutAct_9fa48("125") ? catalogEntry(d.service).category : (stryCov_9fa48("125"), catalogEntry(d.service)?.category);
    return (stryMutAct_9fa48("128") ? (cat === "image" || cat === "video") && cat === "audio" : stryMutAct_9fa48("127") ? false : stryMutAct_9fa48("126") ? true : (stryCov_9fa48("126", "127", "128"), (stryMutAct_9fa48("130") ? cat === "image" && cat === "video" : stryMutAct_9fa48("129") ? false : (stryCov_9fa48("129", "130"), (stryMutAct_9fa48("132") ? cat !== "image" : stryMutAct_9fa48("131") ? false : (stryCov_9fa48("131", "132"), cat === (stryMutAct_9fa48("133") ? "" : (stryCov_9fa48("133"), "image")))) || (stryMutAct_9fa48("135") ? cat !== "video" : stryMutAct_9fa48("134") ? false : (stryCov_9fa48("134", "135"), cat === (stryMutAct_9fa48("136") ? "" : (stryCov_9fa48("136"), "video")))))) || (stryMutAct_9fa48("138") ? cat !== "audio" : stryMutAct_9fa48("137") ? false : (stryCov_9fa48("137", "138"), cat === (stryMutAct_9fa48("139") ? "" : (stryCov_9fa48("139"), "audio")))))) ? cat : (stryMutAct_9fa48("142") ? cat !== "vision" : stryMutAct_9fa48("141") ? false : stryMutAct_9fa48("140") ? true : (stryCov_9fa48("140", "141", "142"), cat === (stryMutAct_9fa48("143") ? "" : (stryCov_9fa48("143"), "vision")))) ? stryMutAct_9fa48("144") ? "" : (stryCov_9fa48("144"), "image") : stryMutAct_9fa48("145") ? "" : (stryCov_9fa48("145"), "any");
  }
}
async function submit(ctx: JobContext<OndemandJobData>, deps: JobDeps, e: LedgerEntry): Promise<StepResult> {
  if (stryMutAct_9fa48("146")) {
    {}
  } else {
    stryCov_9fa48("146");
    const d = ctx.data;
    const cfg = deps.config.jobs;
    const od = (await clientFor(deps, e.origin, stryMutAct_9fa48("147") ? [] : (stryCov_9fa48("147"), [stryMutAct_9fa48("148") ? "" : (stryCov_9fa48("148"), "ondemand")]))).ondemand;
    const input = stryMutAct_9fa48("149") ? {} : (stryCov_9fa48("149"), {
      ...d.input
    });
    if (stryMutAct_9fa48("152") ? d.files || Object.keys(d.files).length : stryMutAct_9fa48("151") ? false : stryMutAct_9fa48("150") ? true : (stryCov_9fa48("150", "151", "152"), d.files && Object.keys(d.files).length)) {
      if (stryMutAct_9fa48("153")) {
        {}
      } else {
        stryCov_9fa48("153");
        await progress(ctx, deps, e, stryMutAct_9fa48("154") ? {} : (stryCov_9fa48("154"), {
          stage: stryMutAct_9fa48("155") ? "" : (stryCov_9fa48("155"), "uploading")
        }));
        Object.assign(input, await resolveFiles(deps, od, d, e));
      }
    }
    // The card says "submitting" before the claim: nothing slow may sit between the claim and the
    // POST, or a crash during a chat edit would leave a never-sent job looking ambiguous.
    await progress(ctx, deps, e, stryMutAct_9fa48("156") ? {} : (stryCov_9fa48("156"), {
      stage: stryMutAct_9fa48("157") ? "" : (stryCov_9fa48("157"), "submitting")
    }));
    const claimed = await deps.ledger.transition(e.id, stryMutAct_9fa48("158") ? [] : (stryCov_9fa48("158"), [stryMutAct_9fa48("159") ? "" : (stryCov_9fa48("159"), "queued")]), stryMutAct_9fa48("160") ? "" : (stryCov_9fa48("160"), "submitting"));
    if (stryMutAct_9fa48("163") ? false : stryMutAct_9fa48("162") ? true : stryMutAct_9fa48("161") ? claimed : (stryCov_9fa48("161", "162", "163"), !claimed)) return stryMutAct_9fa48("164") ? {} : (stryCov_9fa48("164"), {
      kind: stryMutAct_9fa48("165") ? "" : (stryCov_9fa48("165"), "delay"),
      delayMs: 0
    }); // another worker moved it: re-read next run
    let req: InferRequest;
    try {
      if (stryMutAct_9fa48("166")) {
        {}
      } else {
        stryCov_9fa48("166");
        ({
          request: req
        } = await od.infer(d.service, stryMutAct_9fa48("167") ? {} : (stryCov_9fa48("167"), {
          input,
          wait: 0,
          prediction: d.prediction,
          variant: d.variant,
          webhook: deps.config.webhooks ? hookUrl(deps.config.webhooks, e.id) : undefined
        })));
      }
    } catch (err) {
      if (stryMutAct_9fa48("168")) {
        {}
      } else {
        stryCov_9fa48("168");
        if (stryMutAct_9fa48("171") ? err instanceof BotError || err.code === "theta_capacity" || err.code === "theta_rate_limited" : stryMutAct_9fa48("170") ? false : stryMutAct_9fa48("169") ? true : (stryCov_9fa48("169", "170", "171"), err instanceof BotError && (stryMutAct_9fa48("173") ? err.code === "theta_capacity" && err.code === "theta_rate_limited" : stryMutAct_9fa48("172") ? true : (stryCov_9fa48("172", "173"), (stryMutAct_9fa48("175") ? err.code !== "theta_capacity" : stryMutAct_9fa48("174") ? false : (stryCov_9fa48("174", "175"), err.code === (stryMutAct_9fa48("176") ? "" : (stryCov_9fa48("176"), "theta_capacity")))) || (stryMutAct_9fa48("178") ? err.code !== "theta_rate_limited" : stryMutAct_9fa48("177") ? false : (stryCov_9fa48("177", "178"), err.code === (stryMutAct_9fa48("179") ? "" : (stryCov_9fa48("179"), "theta_rate_limited")))))))) {
          if (stryMutAct_9fa48("180")) {
            {}
          } else {
            stryCov_9fa48("180");
            // Refused before acceptance: nothing was charged, so the job may be submitted again later.
            const retries = stryMutAct_9fa48("181") ? (claimed.capacityRetries ?? 0) - 1 : (stryCov_9fa48("181"), (stryMutAct_9fa48("182") ? claimed.capacityRetries && 0 : (stryCov_9fa48("182"), claimed.capacityRetries ?? 0)) + 1);
            const waitMs = retryDelay(retries, stryMutAct_9fa48("183") ? cfg.pollBaseMs / 2 : (stryCov_9fa48("183"), cfg.pollBaseMs * 2), stryMutAct_9fa48("184") ? cfg.pollMaxMs / 3 : (stryCov_9fa48("184"), cfg.pollMaxMs * 3), err.retryAfterSeconds);
            if (stryMutAct_9fa48("188") ? Date.now() + waitMs - claimed.createdAt <= cfg.capacityDeadlineMs : stryMutAct_9fa48("187") ? Date.now() + waitMs - claimed.createdAt >= cfg.capacityDeadlineMs : stryMutAct_9fa48("186") ? false : stryMutAct_9fa48("185") ? true : (stryCov_9fa48("185", "186", "187", "188"), (stryMutAct_9fa48("189") ? Date.now() + waitMs + claimed.createdAt : (stryCov_9fa48("189"), (stryMutAct_9fa48("190") ? Date.now() - waitMs : (stryCov_9fa48("190"), Date.now() + waitMs)) - claimed.createdAt)) > cfg.capacityDeadlineMs)) {
              if (stryMutAct_9fa48("191")) {
                {}
              } else {
                stryCov_9fa48("191");
                return finish(deps, claimed, stryMutAct_9fa48("192") ? "" : (stryCov_9fa48("192"), "failed"), stryMutAct_9fa48("193") ? {} : (stryCov_9fa48("193"), {
                  code: err.code,
                  message: stryMutAct_9fa48("194") ? `` : (stryCov_9fa48("194"), `Theta had no capacity for ${d.service} for ${Math.round(stryMutAct_9fa48("195") ? cfg.capacityDeadlineMs * 60000 : (stryCov_9fa48("195"), cfg.capacityDeadlineMs / 60000))} minutes; nothing was charged. Try again later or another model.`)
                }));
              }
            }
            const back = await deps.ledger.transition(e.id, stryMutAct_9fa48("196") ? [] : (stryCov_9fa48("196"), [stryMutAct_9fa48("197") ? "" : (stryCov_9fa48("197"), "submitting")]), stryMutAct_9fa48("198") ? "" : (stryCov_9fa48("198"), "queued"), stryMutAct_9fa48("199") ? {} : (stryCov_9fa48("199"), {
              capacityRetries: retries
            }));
            await progress(ctx, deps, stryMutAct_9fa48("200") ? back && claimed : (stryCov_9fa48("200"), back ?? claimed), stryMutAct_9fa48("201") ? {} : (stryCov_9fa48("201"), {
              stage: (stryMutAct_9fa48("204") ? err.code !== "theta_capacity" : stryMutAct_9fa48("203") ? false : stryMutAct_9fa48("202") ? true : (stryCov_9fa48("202", "203", "204"), err.code === (stryMutAct_9fa48("205") ? "" : (stryCov_9fa48("205"), "theta_capacity")))) ? stryMutAct_9fa48("206") ? "" : (stryCov_9fa48("206"), "capacity") : stryMutAct_9fa48("207") ? "" : (stryCov_9fa48("207"), "rate-limited"),
              message: stryMutAct_9fa48("208") ? `` : (stryCov_9fa48("208"), `retry ${retries} in ${Math.ceil(stryMutAct_9fa48("209") ? waitMs * 1000 : (stryCov_9fa48("209"), waitMs / 1000))} s`)
            }));
            return stryMutAct_9fa48("210") ? {} : (stryCov_9fa48("210"), {
              kind: stryMutAct_9fa48("211") ? "" : (stryCov_9fa48("211"), "delay"),
              delayMs: waitMs
            });
          }
        }
        const f = submitFailure(err, d.service, stryMutAct_9fa48("212") ? "" : (stryCov_9fa48("212"), "Check your Theta dashboard before retrying."));
        return finish(deps, claimed, f.to, f.error);
      }
    }
    const recorded = stryMutAct_9fa48("213") ? {} : (stryCov_9fa48("213"), {
      upstreamId: req.id,
      submittedAt: Date.now()
    });
    // Theta accepted (and will bill) the request: its id must reach the ledger even through a short
    // store outage; if it cannot, the id rides in the job data so the next run resumes polling.
    try {
      if (stryMutAct_9fa48("214")) {
        {}
      } else {
        stryCov_9fa48("214");
        // Already finished (sync services): record the id and the result in one step.
        if (stryMutAct_9fa48("217") ? req.state !== "success" : stryMutAct_9fa48("216") ? false : stryMutAct_9fa48("215") ? true : (stryCov_9fa48("215", "216", "217"), req.state === (stryMutAct_9fa48("218") ? "" : (stryCov_9fa48("218"), "success")))) {
          if (stryMutAct_9fa48("219")) {
            {}
          } else {
            stryCov_9fa48("219");
            return await persistThroughOutage(stryMutAct_9fa48("220") ? () => undefined : (stryCov_9fa48("220"), () => settle(ctx, deps, stryMutAct_9fa48("221") ? {} : (stryCov_9fa48("221"), {
              ...claimed,
              ...recorded
            }), req, stryMutAct_9fa48("222") ? "" : (stryCov_9fa48("222"), "submitting"))));
          }
        }
        const sub = await persistThroughOutage(stryMutAct_9fa48("223") ? () => undefined : (stryCov_9fa48("223"), () => deps.ledger.transition(e.id, stryMutAct_9fa48("224") ? [] : (stryCov_9fa48("224"), [stryMutAct_9fa48("225") ? "" : (stryCov_9fa48("225"), "submitting")]), stryMutAct_9fa48("226") ? "" : (stryCov_9fa48("226"), "submitted"), recorded)));
        if (stryMutAct_9fa48("229") ? false : stryMutAct_9fa48("228") ? true : stryMutAct_9fa48("227") ? sub : (stryCov_9fa48("227", "228", "229"), !sub)) return stryMutAct_9fa48("230") ? {} : (stryCov_9fa48("230"), {
          kind: stryMutAct_9fa48("231") ? "" : (stryCov_9fa48("231"), "delay"),
          delayMs: 0
        });
        return await afterSubmit(ctx, deps, sub, req);
      }
    } catch (err) {
      if (stryMutAct_9fa48("232")) {
        {}
      } else {
        stryCov_9fa48("232");
        if (stryMutAct_9fa48("235") ? false : stryMutAct_9fa48("234") ? true : stryMutAct_9fa48("233") ? isStoreOutage(err) : (stryCov_9fa48("233", "234", "235"), !isStoreOutage(err))) throw err;
        return stryMutAct_9fa48("236") ? {} : (stryCov_9fa48("236"), {
          kind: stryMutAct_9fa48("237") ? "" : (stryCov_9fa48("237"), "delay"),
          delayMs: 2000,
          data: stryMutAct_9fa48("238") ? {} : (stryCov_9fa48("238"), {
            ...d,
            upstreamId: req.id
          })
        });
      }
    }
  }
}
async function afterSubmit(ctx: JobContext<OndemandJobData>, deps: JobDeps, sub: LedgerEntry, req: InferRequest): Promise<StepResult> {
  if (stryMutAct_9fa48("239")) {
    {}
  } else {
    stryCov_9fa48("239");
    const d = ctx.data;
    const cfg = deps.config.jobs;
    if (stryMutAct_9fa48("241") ? false : stryMutAct_9fa48("240") ? true : (stryCov_9fa48("240", "241"), isTerminal(req.state))) return settle(ctx, deps, sub, req);
    await progress(ctx, deps, sub, stryMutAct_9fa48("242") ? {} : (stryCov_9fa48("242"), {
      stage: req.state
    }));
    const delayMs = await nextPollDelay(deps.config, deps.ledger.store, sub.id, pollDelay(1, cfg.pollBaseMs, cfg.pollMaxMs));
    return stryMutAct_9fa48("243") ? {} : (stryCov_9fa48("243"), {
      kind: stryMutAct_9fa48("244") ? "" : (stryCov_9fa48("244"), "delay"),
      delayMs,
      data: stryMutAct_9fa48("245") ? {} : (stryCov_9fa48("245"), {
        ...d,
        step: 1
      })
    });
  }
}
async function settle(ctx: JobContext<OndemandJobData>, deps: JobDeps, e: LedgerEntry, req: InferRequest, from: "submitted" | "submitting" = stryMutAct_9fa48("246") ? "" : (stryCov_9fa48("246"), "submitted")): Promise<StepResult> {
  if (stryMutAct_9fa48("247")) {
    {}
  } else {
    stryCov_9fa48("247");
    if (stryMutAct_9fa48("250") ? req.state === "success" : stryMutAct_9fa48("249") ? false : stryMutAct_9fa48("248") ? true : (stryCov_9fa48("248", "249", "250"), req.state !== (stryMutAct_9fa48("251") ? "" : (stryCov_9fa48("251"), "success")))) {
      if (stryMutAct_9fa48("252")) {
        {}
      } else {
        stryCov_9fa48("252");
        return finish(deps, e, stryMutAct_9fa48("253") ? "" : (stryCov_9fa48("253"), "failed"), stryMutAct_9fa48("254") ? {} : (stryCov_9fa48("254"), {
          code: stryMutAct_9fa48("255") ? "" : (stryCov_9fa48("255"), "theta_request_failed"),
          message: stryMutAct_9fa48("256") ? `` : (stryCov_9fa48("256"), `${ctx.data.service} failed on Theta: ${stryMutAct_9fa48("257") ? requestError(req) && req.state : (stryCov_9fa48("257"), requestError(req) ?? req.state)}`)
        }));
      }
    }
    const done = await deps.ledger.transition(e.id, stryMutAct_9fa48("258") ? [] : (stryCov_9fa48("258"), [from]), stryMutAct_9fa48("259") ? "" : (stryCov_9fa48("259"), "done"), stryMutAct_9fa48("260") ? {} : (stryCov_9fa48("260"), {
      upstreamId: req.id,
      submittedAt: e.submittedAt,
      outputUrls: outputUrls(req),
      text: outputText(req),
      cost: costOf(req)
    }));
    if (stryMutAct_9fa48("263") ? false : stryMutAct_9fa48("262") ? true : stryMutAct_9fa48("261") ? done : (stryCov_9fa48("261", "262", "263"), !done)) return stryMutAct_9fa48("264") ? {} : (stryCov_9fa48("264"), {
      kind: stryMutAct_9fa48("265") ? "" : (stryCov_9fa48("265"), "delay"),
      delayMs: 0
    });
    stryMutAct_9fa48("267") ? deps.events.onFinished?.({
      kind: "ondemand",
      service: ctx.data.service,
      outcome: "success",
      seconds: (Date.now() - e.createdAt) / 1000,
      tenant: `${e.origin.platform}:${e.origin.tenantId}`,
      ...(done.cost ? {
        costUsd: done.cost.amount
      } : {})
    }) : stryMutAct_9fa48("266") ? deps.events?.onFinished({
      kind: "ondemand",
      service: ctx.data.service,
      outcome: "success",
      seconds: (Date.now() - e.createdAt) / 1000,
      tenant: `${e.origin.platform}:${e.origin.tenantId}`,
      ...(done.cost ? {
        costUsd: done.cost.amount
      } : {})
    }) : (stryCov_9fa48("266", "267"), deps.events?.onFinished?.(stryMutAct_9fa48("268") ? {} : (stryCov_9fa48("268"), {
      kind: stryMutAct_9fa48("269") ? "" : (stryCov_9fa48("269"), "ondemand"),
      service: ctx.data.service,
      outcome: stryMutAct_9fa48("270") ? "" : (stryCov_9fa48("270"), "success"),
      seconds: stryMutAct_9fa48("271") ? (Date.now() - e.createdAt) * 1000 : (stryCov_9fa48("271"), (stryMutAct_9fa48("272") ? Date.now() + e.createdAt : (stryCov_9fa48("272"), Date.now() - e.createdAt)) / 1000),
      tenant: stryMutAct_9fa48("273") ? `` : (stryCov_9fa48("273"), `${e.origin.platform}:${e.origin.tenantId}`),
      ...(done.cost ? stryMutAct_9fa48("274") ? {} : (stryCov_9fa48("274"), {
        costUsd: done.cost.amount
      }) : {})
    })));
    await progress(ctx, deps, done, stryMutAct_9fa48("275") ? {} : (stryCov_9fa48("275"), {
      stage: stryMutAct_9fa48("276") ? "" : (stryCov_9fa48("276"), "delivering")
    }));
    return deliver(deps, done, stryMutAct_9fa48("277") ? "" : (stryCov_9fa48("277"), "success"), kindOf(ctx.data));
  }
}
async function poll(ctx: JobContext<OndemandJobData>, deps: JobDeps, e: LedgerEntry): Promise<StepResult> {
  if (stryMutAct_9fa48("278")) {
    {}
  } else {
    stryCov_9fa48("278");
    const d = ctx.data;
    const cfg = deps.config.jobs;
    const od = (await clientFor(deps, e.origin, stryMutAct_9fa48("279") ? [] : (stryCov_9fa48("279"), [stryMutAct_9fa48("280") ? "" : (stryCov_9fa48("280"), "ondemand")]))).ondemand;
    const deadline = stryMutAct_9fa48("281") ? d.deadlineMs && deadlineFor(d.input, cfg.deadlineMs) : (stryCov_9fa48("281"), d.deadlineMs ?? deadlineFor(d.input, cfg.deadlineMs));
    const elapsed = stryMutAct_9fa48("282") ? Date.now() + (e.submittedAt ?? e.createdAt) : (stryCov_9fa48("282"), Date.now() - (stryMutAct_9fa48("283") ? e.submittedAt && e.createdAt : (stryCov_9fa48("283"), e.submittedAt ?? e.createdAt)));
    const step = stryMutAct_9fa48("284") ? (d.step ?? 1) - 1 : (stryCov_9fa48("284"), (stryMutAct_9fa48("285") ? d.step && 1 : (stryCov_9fa48("285"), d.step ?? 1)) + 1);
    let req: InferRequest | undefined;
    let pollError: BotError | undefined;
    try {
      if (stryMutAct_9fa48("286")) {
        {}
      } else {
        stryCov_9fa48("286");
        req = await od.status(e.upstreamId!);
      }
    } catch (err) {
      if (stryMutAct_9fa48("287")) {
        {}
      } else {
        stryCov_9fa48("287");
        // A failed poll is no reason to stop polling, but it never outlives the deadline either.
        if (stryMutAct_9fa48("290") ? (!(err instanceof BotError) || !err.retriable) && isStoreOutage(err) : stryMutAct_9fa48("289") ? false : stryMutAct_9fa48("288") ? true : (stryCov_9fa48("288", "289", "290"), (stryMutAct_9fa48("292") ? !(err instanceof BotError) && !err.retriable : stryMutAct_9fa48("291") ? false : (stryCov_9fa48("291", "292"), (stryMutAct_9fa48("293") ? err instanceof BotError : (stryCov_9fa48("293"), !(err instanceof BotError))) || (stryMutAct_9fa48("294") ? err.retriable : (stryCov_9fa48("294"), !err.retriable)))) || isStoreOutage(err))) throw err;
        pollError = err;
      }
    }
    if (stryMutAct_9fa48("297") ? req || isTerminal(req.state) : stryMutAct_9fa48("296") ? false : stryMutAct_9fa48("295") ? true : (stryCov_9fa48("295", "296", "297"), req && isTerminal(req.state))) return settle(ctx, deps, e, req);
    if (stryMutAct_9fa48("301") ? elapsed <= deadline : stryMutAct_9fa48("300") ? elapsed >= deadline : stryMutAct_9fa48("299") ? false : stryMutAct_9fa48("298") ? true : (stryCov_9fa48("298", "299", "300", "301"), elapsed > deadline)) {
      if (stryMutAct_9fa48("302")) {
        {}
      } else {
        stryCov_9fa48("302");
        const lastSeen = req ? stryMutAct_9fa48("303") ? `` : (stryCov_9fa48("303"), `it was still ${req.state}`) : stryMutAct_9fa48("304") ? `` : (stryCov_9fa48("304"), `its status could not be read (${stryMutAct_9fa48("305") ? pollError.message : (stryCov_9fa48("305"), pollError?.message)})`);
        return finish(deps, e, stryMutAct_9fa48("306") ? "" : (stryCov_9fa48("306"), "failed"), stryMutAct_9fa48("307") ? {} : (stryCov_9fa48("307"), {
          code: stryMutAct_9fa48("308") ? "" : (stryCov_9fa48("308"), "job_deadline"),
          message: (stryMutAct_9fa48("309") ? `` : (stryCov_9fa48("309"), `Theta has not finished ${d.service} after ${Math.round(stryMutAct_9fa48("310") ? elapsed * 1000 : (stryCov_9fa48("310"), elapsed / 1000))} s and ${lastSeen}; it may still finish and be billed. `)) + (stryMutAct_9fa48("311") ? `` : (stryCov_9fa48("311"), `Fetch it later with \`theta-bot op theta.ondemand.pollUntilDone --requestId ${e.upstreamId}\` (or /theta jobs show ${e.id}).`))
        }));
      }
    }
    const stage = req ? req.state : stryMutAct_9fa48("312") ? "" : (stryCov_9fa48("312"), "polling");
    await progress(ctx, deps, e, stryMutAct_9fa48("313") ? {} : (stryCov_9fa48("313"), {
      stage,
      etaMs: stryMutAct_9fa48("314") ? Math.min(0, deadline / 4 - elapsed) : (stryCov_9fa48("314"), Math.max(0, stryMutAct_9fa48("315") ? deadline / 4 + elapsed : (stryCov_9fa48("315"), (stryMutAct_9fa48("316") ? deadline * 4 : (stryCov_9fa48("316"), deadline / 4)) - elapsed))),
      ...(pollError ? stryMutAct_9fa48("317") ? {} : (stryCov_9fa48("317"), {
        message: stryMutAct_9fa48("318") ? `` : (stryCov_9fa48("318"), `status check failed, retrying (${pollError.code})`)
      }) : {})
    }));
    const delayMs = await nextPollDelay(deps.config, deps.ledger.store, e.id, pollDelay(step, cfg.pollBaseMs, cfg.pollMaxMs));
    return stryMutAct_9fa48("319") ? {} : (stryCov_9fa48("319"), {
      kind: stryMutAct_9fa48("320") ? "" : (stryCov_9fa48("320"), "delay"),
      delayMs: stryMutAct_9fa48("321") ? Math.max(delayMs, Math.max(0, deadline - elapsed) + 50) : (stryCov_9fa48("321"), Math.min(delayMs, stryMutAct_9fa48("322") ? Math.max(0, deadline - elapsed) - 50 : (stryCov_9fa48("322"), (stryMutAct_9fa48("323") ? Math.min(0, deadline - elapsed) : (stryCov_9fa48("323"), Math.max(0, stryMutAct_9fa48("324") ? deadline + elapsed : (stryCov_9fa48("324"), deadline - elapsed)))) + 50))),
      data: stryMutAct_9fa48("325") ? {} : (stryCov_9fa48("325"), {
        ...d,
        step
      })
    });
  }
}

/** One step of an on-demand job; the ledger state decides what the step does. */
export async function ondemandStep(ctx: JobContext<OndemandJobData>, deps: JobDeps): Promise<StepResult> {
  if (stryMutAct_9fa48("326")) {
    {}
  } else {
    stryCov_9fa48("326");
    let e: LedgerEntry;
    try {
      if (stryMutAct_9fa48("327")) {
        {}
      } else {
        stryCov_9fa48("327");
        e = await ledgerEntry(deps, ctx.id);
      }
    } catch (err) {
      if (stryMutAct_9fa48("328")) {
        {}
      } else {
        stryCov_9fa48("328");
        if (stryMutAct_9fa48("330") ? false : stryMutAct_9fa48("329") ? true : (stryCov_9fa48("329", "330"), isStoreOutage(err))) return stryMutAct_9fa48("331") ? {} : (stryCov_9fa48("331"), {
          kind: stryMutAct_9fa48("332") ? "" : (stryCov_9fa48("332"), "delay"),
          delayMs: 2000
        });
        throw err;
      }
    }
    const cancelled = await cancelIfAsked(ctx, deps, e);
    if (stryMutAct_9fa48("334") ? false : stryMutAct_9fa48("333") ? true : (stryCov_9fa48("333", "334"), cancelled)) return cancelled;
    try {
      if (stryMutAct_9fa48("335")) {
        {}
      } else {
        stryCov_9fa48("335");
        switch (e.state) {
          case stryMutAct_9fa48("337") ? "" : (stryCov_9fa48("337"), "queued"):
            if (stryMutAct_9fa48("336")) {} else {
              stryCov_9fa48("336");
              return await submit(ctx, deps, e);
            }
          case stryMutAct_9fa48("339") ? "" : (stryCov_9fa48("339"), "submitting"):
            if (stryMutAct_9fa48("338")) {} else {
              stryCov_9fa48("338");
              if (stryMutAct_9fa48("341") ? false : stryMutAct_9fa48("340") ? true : (stryCov_9fa48("340", "341"), ctx.data.upstreamId)) {
                if (stryMutAct_9fa48("342")) {
                  {}
                } else {
                  stryCov_9fa48("342");
                  // The id was kept in the job data during a store outage: record it and resume polling.
                  await deps.ledger.transition(e.id, stryMutAct_9fa48("343") ? [] : (stryCov_9fa48("343"), [stryMutAct_9fa48("344") ? "" : (stryCov_9fa48("344"), "submitting")]), stryMutAct_9fa48("345") ? "" : (stryCov_9fa48("345"), "submitted"), stryMutAct_9fa48("346") ? {} : (stryCov_9fa48("346"), {
                    upstreamId: ctx.data.upstreamId,
                    submittedAt: Date.now()
                  }));
                  return stryMutAct_9fa48("347") ? {} : (stryCov_9fa48("347"), {
                    kind: stryMutAct_9fa48("348") ? "" : (stryCov_9fa48("348"), "delay"),
                    delayMs: 0
                  });
                }
              }
              // A previous run claimed the submission and died before recording Theta's answer.
              return await finish(deps, e, stryMutAct_9fa48("349") ? "" : (stryCov_9fa48("349"), "ambiguous"), stryMutAct_9fa48("350") ? {} : (stryCov_9fa48("350"), {
                code: stryMutAct_9fa48("351") ? "" : (stryCov_9fa48("351"), "ambiguous_submission"),
                message: stryMutAct_9fa48("352") ? `` : (stryCov_9fa48("352"), `A worker stopped while submitting to ${ctx.data.service}; it was not submitted again, so you are not charged twice. Check your Theta dashboard before retrying.`)
              }));
            }
          case stryMutAct_9fa48("354") ? "" : (stryCov_9fa48("354"), "submitted"):
            if (stryMutAct_9fa48("353")) {} else {
              stryCov_9fa48("353");
              return await poll(ctx, deps, e);
            }
          case stryMutAct_9fa48("355") ? "" : (stryCov_9fa48("355"), "done"):
          case stryMutAct_9fa48("357") ? "" : (stryCov_9fa48("357"), "delivering"):
            if (stryMutAct_9fa48("356")) {} else {
              stryCov_9fa48("356");
              return await deliver(deps, e, stryMutAct_9fa48("358") ? "" : (stryCov_9fa48("358"), "success"), kindOf(ctx.data));
            }
          default:
            if (stryMutAct_9fa48("359")) {} else {
              stryCov_9fa48("359");
              return stryMutAct_9fa48("360") ? {} : (stryCov_9fa48("360"), {
                kind: stryMutAct_9fa48("361") ? "" : (stryCov_9fa48("361"), "done"),
                result: stryMutAct_9fa48("362") ? {} : (stryCov_9fa48("362"), {
                  state: e.state
                })
              });
            }
        }
      }
    } catch (err) {
      if (stryMutAct_9fa48("363")) {
        {}
      } else {
        stryCov_9fa48("363");
        // Redis briefly away: nothing is decided; the next run reads the ledger again.
        if (stryMutAct_9fa48("365") ? false : stryMutAct_9fa48("364") ? true : (stryCov_9fa48("364", "365"), isStoreOutage(err))) return stryMutAct_9fa48("366") ? {} : (stryCov_9fa48("366"), {
          kind: stryMutAct_9fa48("367") ? "" : (stryCov_9fa48("367"), "delay"),
          delayMs: 2000
        });
        if (stryMutAct_9fa48("369") ? false : stryMutAct_9fa48("368") ? true : (stryCov_9fa48("368", "369"), ctx.signal.aborted)) throw err;
        deps.logger.error(stryMutAct_9fa48("370") ? {} : (stryCov_9fa48("370"), {
          err,
          job: ctx.id
        }), stryMutAct_9fa48("371") ? "" : (stryCov_9fa48("371"), "job step failed"));
        const cur = stryMutAct_9fa48("372") ? (await deps.ledger.get(ctx.id)) && e : (stryCov_9fa48("372"), (await deps.ledger.get(ctx.id)) ?? e);
        if (stryMutAct_9fa48("375") ? (cur.state === "queued" || cur.state === "submitted" || cur.state === "done") && cur.state === "delivering" : stryMutAct_9fa48("374") ? false : stryMutAct_9fa48("373") ? true : (stryCov_9fa48("373", "374", "375"), (stryMutAct_9fa48("377") ? (cur.state === "queued" || cur.state === "submitted") && cur.state === "done" : stryMutAct_9fa48("376") ? false : (stryCov_9fa48("376", "377"), (stryMutAct_9fa48("379") ? cur.state === "queued" && cur.state === "submitted" : stryMutAct_9fa48("378") ? false : (stryCov_9fa48("378", "379"), (stryMutAct_9fa48("381") ? cur.state !== "queued" : stryMutAct_9fa48("380") ? false : (stryCov_9fa48("380", "381"), cur.state === (stryMutAct_9fa48("382") ? "" : (stryCov_9fa48("382"), "queued")))) || (stryMutAct_9fa48("384") ? cur.state !== "submitted" : stryMutAct_9fa48("383") ? false : (stryCov_9fa48("383", "384"), cur.state === (stryMutAct_9fa48("385") ? "" : (stryCov_9fa48("385"), "submitted")))))) || (stryMutAct_9fa48("387") ? cur.state !== "done" : stryMutAct_9fa48("386") ? false : (stryCov_9fa48("386", "387"), cur.state === (stryMutAct_9fa48("388") ? "" : (stryCov_9fa48("388"), "done")))))) || (stryMutAct_9fa48("390") ? cur.state !== "delivering" : stryMutAct_9fa48("389") ? false : (stryCov_9fa48("389", "390"), cur.state === (stryMutAct_9fa48("391") ? "" : (stryCov_9fa48("391"), "delivering")))))) {
          if (stryMutAct_9fa48("392")) {
            {}
          } else {
            stryCov_9fa48("392");
            return finish(deps, cur, stryMutAct_9fa48("393") ? "" : (stryCov_9fa48("393"), "failed"), errorInfo(err));
          }
        }
        throw err;
      }
    }
  }
}