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
import type { JobOutcome, JobResult } from "../../core/present/job-card.js";
import type { MediaItem } from "../delivery.js";
import { LEASE_MS, withLease } from "../lease.js";
import type { LedgerEntry, LedgerState } from "../ledger.js";
import { fetchMedia, type MediaKind } from "../media.js";
import type { StepResult } from "../queue/job-queue.js";
import type { JobDeps } from "./deps.js";
export function resultOf(e: LedgerEntry, outcome: JobOutcome, text?: string): JobResult {
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    return stryMutAct_9fa48("1") ? {} : (stryCov_9fa48("1"), {
      jobId: e.id,
      outcome,
      title: e.title,
      text: stryMutAct_9fa48("2") ? text && e.text : (stryCov_9fa48("2"), text ?? e.text),
      upstreamId: e.upstreamId,
      outputUrls: stryMutAct_9fa48("3") ? e.outputUrls && [] : (stryCov_9fa48("3"), e.outputUrls ?? (stryMutAct_9fa48("4") ? ["Stryker was here"] : (stryCov_9fa48("4"), []))),
      cost: e.cost,
      error: e.error
    });
  }
}
function mediaItems(deps: JobDeps, urls: string[], kind: MediaKind): MediaItem[] {
  if (stryMutAct_9fa48("5")) {
    {}
  } else {
    stryCov_9fa48("5");
    const policy = stryMutAct_9fa48("6") ? {} : (stryCov_9fa48("6"), {
      outputHosts: deps.config.outputHosts,
      maxBytes: deps.config.mediaMaxBytes
    });
    return urls.map(url => {
      if (stryMutAct_9fa48("7")) {
        {}
      } else {
        stryCov_9fa48("7");
        const name = decodeURIComponent(stryMutAct_9fa48("8") ? new URL(url).pathname.split("/").pop() && "output" : (stryCov_9fa48("8"), new URL(url).pathname.split(stryMutAct_9fa48("9") ? "" : (stryCov_9fa48("9"), "/")).pop() ?? (stryMutAct_9fa48("10") ? "" : (stryCov_9fa48("10"), "output"))));
        return stryMutAct_9fa48("11") ? {} : (stryCov_9fa48("11"), {
          url,
          filename: stryMutAct_9fa48("14") ? name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100) && "output" : stryMutAct_9fa48("13") ? false : stryMutAct_9fa48("12") ? true : (stryCov_9fa48("12", "13", "14"), (stryMutAct_9fa48("15") ? name.replace(/[^A-Za-z0-9._-]/g, "_") : (stryCov_9fa48("15"), name.replace(stryMutAct_9fa48("16") ? /[A-Za-z0-9._-]/g : (stryCov_9fa48("16"), /[^A-Za-z0-9._-]/g), stryMutAct_9fa48("17") ? "" : (stryCov_9fa48("17"), "_")).slice(0, 100))) || (stryMutAct_9fa48("18") ? "" : (stryCov_9fa48("18"), "output"))),
          contentType: stryMutAct_9fa48("19") ? "" : (stryCov_9fa48("19"), "application/octet-stream"),
          open: stryMutAct_9fa48("20") ? () => undefined : (stryCov_9fa48("20"), async () => (await fetchMedia(url, policy, stryMutAct_9fa48("21") ? {} : (stryCov_9fa48("21"), {
            kind
          }))).stream)
        });
      }
    });
  }
}

/**
 * Posts the finished job once: done → delivering (claimed by CAS), then, under a short renewed
 * lease so two live runs never post at the same time, the platform, then delivered. A run that
 * finds `delivering` (its predecessor died) takes the lease once it lapses and posts again with
 * the same key; deliveries de-duplicate by job id, so the user sees one result.
 */
export async function deliver(deps: JobDeps, e: LedgerEntry, outcome: JobOutcome, kind: MediaKind, attach = stryMutAct_9fa48("22") ? false : (stryCov_9fa48("22"), true)): Promise<StepResult> {
  if (stryMutAct_9fa48("23")) {
    {}
  } else {
    stryCov_9fa48("23");
    const claimed = (stryMutAct_9fa48("26") ? e.state !== "delivering" : stryMutAct_9fa48("25") ? false : stryMutAct_9fa48("24") ? true : (stryCov_9fa48("24", "25", "26"), e.state === (stryMutAct_9fa48("27") ? "" : (stryCov_9fa48("27"), "delivering")))) ? e : await deps.ledger.transition(e.id, stryMutAct_9fa48("28") ? [] : (stryCov_9fa48("28"), [stryMutAct_9fa48("29") ? "" : (stryCov_9fa48("29"), "done")]), stryMutAct_9fa48("30") ? "" : (stryCov_9fa48("30"), "delivering"));
    if (stryMutAct_9fa48("33") ? false : stryMutAct_9fa48("32") ? true : stryMutAct_9fa48("31") ? claimed : (stryCov_9fa48("31", "32", "33"), !claimed)) return stryMutAct_9fa48("34") ? {} : (stryCov_9fa48("34"), {
      kind: stryMutAct_9fa48("35") ? "" : (stryCov_9fa48("35"), "done"),
      result: stryMutAct_9fa48("36") ? {} : (stryCov_9fa48("36"), {
        state: stryMutAct_9fa48("37") ? (await deps.ledger.get(e.id)).state : (stryCov_9fa48("37"), (await deps.ledger.get(e.id))?.state)
      })
    });
    const result = resultOf(claimed, outcome);
    const media = (stryMutAct_9fa48("40") ? outcome === "success" || attach : stryMutAct_9fa48("39") ? false : stryMutAct_9fa48("38") ? true : (stryCov_9fa48("38", "39", "40"), (stryMutAct_9fa48("42") ? outcome !== "success" : stryMutAct_9fa48("41") ? true : (stryCov_9fa48("41", "42"), outcome === (stryMutAct_9fa48("43") ? "" : (stryCov_9fa48("43"), "success")))) && attach)) ? mediaItems(deps, result.outputUrls, kind) : stryMutAct_9fa48("44") ? ["Stryker was here"] : (stryCov_9fa48("44"), []);
    const leased = await withLease(deps.ledger.store, stryMutAct_9fa48("45") ? `` : (stryCov_9fa48("45"), `lease:deliver:${e.id}`), async () => {
      if (stryMutAct_9fa48("46")) {
        {}
      } else {
        stryCov_9fa48("46");
        const cur = await deps.ledger.get(e.id);
        if (stryMutAct_9fa48("49") ? cur?.state === "delivering" : stryMutAct_9fa48("48") ? false : stryMutAct_9fa48("47") ? true : (stryCov_9fa48("47", "48", "49"), (stryMutAct_9fa48("50") ? cur.state : (stryCov_9fa48("50"), cur?.state)) !== (stryMutAct_9fa48("51") ? "" : (stryCov_9fa48("51"), "delivering")))) return stryMutAct_9fa48("52") ? true : (stryCov_9fa48("52"), false); // finished by the run that held the lease before
        await deps.delivery.postResult(claimed.origin, result, media);
        const final = await deps.ledger.transition(e.id, stryMutAct_9fa48("53") ? [] : (stryCov_9fa48("53"), [stryMutAct_9fa48("54") ? "" : (stryCov_9fa48("54"), "delivering")]), stryMutAct_9fa48("55") ? "" : (stryCov_9fa48("55"), "delivered"), stryMutAct_9fa48("56") ? {} : (stryCov_9fa48("56"), {
          deliveredAt: Date.now(),
          outcome
        }));
        if (stryMutAct_9fa48("58") ? false : stryMutAct_9fa48("57") ? true : (stryCov_9fa48("57", "58"), final)) await notifyFinal(deps, final);
        return stryMutAct_9fa48("59") ? false : (stryCov_9fa48("59"), true);
      }
    });
    // Another live run is posting right now: look again shortly (it will have finished, or died).
    if (stryMutAct_9fa48("62") ? false : stryMutAct_9fa48("61") ? true : stryMutAct_9fa48("60") ? leased.held : (stryCov_9fa48("60", "61", "62"), !leased.held)) return stryMutAct_9fa48("63") ? {} : (stryCov_9fa48("63"), {
      kind: stryMutAct_9fa48("64") ? "" : (stryCov_9fa48("64"), "delay"),
      delayMs: stryMutAct_9fa48("65") ? LEASE_MS * 3 : (stryCov_9fa48("65"), LEASE_MS / 3)
    });
    return stryMutAct_9fa48("66") ? {} : (stryCov_9fa48("66"), {
      kind: stryMutAct_9fa48("67") ? "" : (stryCov_9fa48("67"), "done"),
      result
    });
  }
}

/** Ends a job in a final state and tells the requester why (failed, cancelled, ambiguous). */
export async function finish(deps: JobDeps, e: LedgerEntry, to: Extract<LedgerState, "failed" | "cancelled" | "ambiguous">, error: {
  code: string;
  message: string;
}): Promise<StepResult> {
  if (stryMutAct_9fa48("68")) {
    {}
  } else {
    stryCov_9fa48("68");
    const outcome: JobOutcome = (stryMutAct_9fa48("71") ? to === "failed" || error.code === "job_deadline" : stryMutAct_9fa48("70") ? false : stryMutAct_9fa48("69") ? true : (stryCov_9fa48("69", "70", "71"), (stryMutAct_9fa48("73") ? to !== "failed" : stryMutAct_9fa48("72") ? true : (stryCov_9fa48("72", "73"), to === (stryMutAct_9fa48("74") ? "" : (stryCov_9fa48("74"), "failed")))) && (stryMutAct_9fa48("76") ? error.code !== "job_deadline" : stryMutAct_9fa48("75") ? true : (stryCov_9fa48("75", "76"), error.code === (stryMutAct_9fa48("77") ? "" : (stryCov_9fa48("77"), "job_deadline")))))) ? stryMutAct_9fa48("78") ? "" : (stryCov_9fa48("78"), "timeout") : to;
    const moved = await deps.ledger.transition(e.id, stryMutAct_9fa48("79") ? [] : (stryCov_9fa48("79"), [e.state]), to, stryMutAct_9fa48("80") ? {} : (stryCov_9fa48("80"), {
      error,
      outcome
    }));
    if (stryMutAct_9fa48("83") ? false : stryMutAct_9fa48("82") ? true : stryMutAct_9fa48("81") ? moved : (stryCov_9fa48("81", "82", "83"), !moved)) return stryMutAct_9fa48("84") ? {} : (stryCov_9fa48("84"), {
      kind: stryMutAct_9fa48("85") ? "" : (stryCov_9fa48("85"), "done"),
      result: stryMutAct_9fa48("86") ? {} : (stryCov_9fa48("86"), {
        state: stryMutAct_9fa48("87") ? (await deps.ledger.get(e.id)).state : (stryCov_9fa48("87"), (await deps.ledger.get(e.id))?.state)
      })
    });
    await notifyFinal(deps, moved);
    await deps.delivery.postResult(moved.origin, resultOf(moved, outcome), stryMutAct_9fa48("88") ? ["Stryker was here"] : (stryCov_9fa48("88"), []));
    return stryMutAct_9fa48("89") ? {} : (stryCov_9fa48("89"), {
      kind: stryMutAct_9fa48("90") ? "" : (stryCov_9fa48("90"), "done"),
      result: resultOf(moved, outcome)
    });
  }
}

/** Final-state hook (budgets, job slots); its failure never fails the job. */
export async function notifyFinal(deps: JobDeps, e: LedgerEntry): Promise<void> {
  if (stryMutAct_9fa48("91")) {
    {}
  } else {
    stryCov_9fa48("91");
    try {
      if (stryMutAct_9fa48("92")) {
        {}
      } else {
        stryCov_9fa48("92");
        await (stryMutAct_9fa48("94") ? deps.events.onFinal?.(e) : stryMutAct_9fa48("93") ? deps.events?.onFinal(e) : (stryCov_9fa48("93", "94"), deps.events?.onFinal?.(e)));
      }
    } catch (err) {
      if (stryMutAct_9fa48("95")) {
        {}
      } else {
        stryCov_9fa48("95");
        deps.logger.warn(stryMutAct_9fa48("96") ? {} : (stryCov_9fa48("96"), {
          err,
          job: e.id
        }), stryMutAct_9fa48("97") ? "" : (stryCov_9fa48("97"), "final-state hook failed"));
      }
    }
  }
}
export function errorInfo(err: unknown): {
  code: string;
  message: string;
} {
  if (stryMutAct_9fa48("98")) {
    {}
  } else {
    stryCov_9fa48("98");
    if (stryMutAct_9fa48("100") ? false : stryMutAct_9fa48("99") ? true : (stryCov_9fa48("99", "100"), err instanceof BotError)) return stryMutAct_9fa48("101") ? {} : (stryCov_9fa48("101"), {
      code: err.code,
      message: err.message
    });
    return stryMutAct_9fa48("102") ? {} : (stryCov_9fa48("102"), {
      code: stryMutAct_9fa48("103") ? "" : (stryCov_9fa48("103"), "internal_error"),
      message: stryMutAct_9fa48("104") ? "" : (stryCov_9fa48("104"), "An unexpected error stopped this job; the operator's log has the details.")
    });
  }
}