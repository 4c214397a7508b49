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
import { readFile, stat } from "node:fs/promises";
import { BotError } from "../../core/errors.js";
import type { VideoClient } from "../../core/theta/video.js";
import { pollDelay } from "../backoff.js";
import type { LedgerEntry } from "../ledger.js";
import { fetchMediaBuffer } from "../media.js";
import type { JobContext, StepResult } from "../queue/job-queue.js";
import { clientFor, type JobDeps, ledgerEntry } from "./deps.js";
import { deliver, errorInfo, finish } from "./finish.js";
import { ATTACHMENT_HOSTS } from "./inputs.js";
import { cancelIfAsked, progress } from "./progress.js";
import { submitFailure } from "./submit-outcome.js";
export interface VideoJobData {
  /** A public URL Theta fetches itself, a chat attachment to upload, or (CLI only) a local file. */
  source: {
    uri: string;
  } | {
    uploadId: string;
  } | {
    url: string;
  } | {
    path: string;
  };
  playbackPolicy?: "public" | "private" | undefined;
  resolutions?: number[] | undefined;
  metadata?: Record<string, unknown> | undefined;
  fileName?: string | undefined;
  deadlineMs?: number | undefined;
  step?: number | undefined;
}
const MAX_UPLOAD_BYTES = stryMutAct_9fa48("394") ? 2 * 1024 * 1024 / 1024 : (stryCov_9fa48("394"), (stryMutAct_9fa48("395") ? 2 * 1024 / 1024 : (stryCov_9fa48("395"), (stryMutAct_9fa48("396") ? 2 / 1024 : (stryCov_9fa48("396"), 2 * 1024)) * 1024)) * 1024);
const DEFAULT_DEADLINE_MS = stryMutAct_9fa48("397") ? 60 * 60 / 1000 : (stryCov_9fa48("397"), (stryMutAct_9fa48("398") ? 60 / 60 : (stryCov_9fa48("398"), 60 * 60)) * 1000);
async function sourceBytes(deps: JobDeps, e: LedgerEntry, s: {
  url: string;
} | {
  path: string;
}): Promise<Buffer> {
  if (stryMutAct_9fa48("399")) {
    {}
  } else {
    stryCov_9fa48("399");
    if (stryMutAct_9fa48("401") ? false : stryMutAct_9fa48("400") ? true : (stryCov_9fa48("400", "401"), (stryMutAct_9fa48("402") ? "" : (stryCov_9fa48("402"), "path")) in s)) {
      if (stryMutAct_9fa48("403")) {
        {}
      } else {
        stryCov_9fa48("403");
        if (stryMutAct_9fa48("406") ? e.origin.platform === "cli" : stryMutAct_9fa48("405") ? false : stryMutAct_9fa48("404") ? true : (stryCov_9fa48("404", "405", "406"), e.origin.platform !== (stryMutAct_9fa48("407") ? "" : (stryCov_9fa48("407"), "cli")))) {
          if (stryMutAct_9fa48("408")) {
            {}
          } else {
            stryCov_9fa48("408");
            throw new BotError(stryMutAct_9fa48("409") ? {} : (stryCov_9fa48("409"), {
              code: stryMutAct_9fa48("410") ? "" : (stryCov_9fa48("410"), "video_source_refused"),
              family: stryMutAct_9fa48("411") ? "" : (stryCov_9fa48("411"), "jobs"),
              message: stryMutAct_9fa48("412") ? "" : (stryCov_9fa48("412"), "Only the operator CLI may upload local files.")
            }));
          }
        }
        if (stryMutAct_9fa48("416") ? (await stat(s.path)).size <= MAX_UPLOAD_BYTES : stryMutAct_9fa48("415") ? (await stat(s.path)).size >= MAX_UPLOAD_BYTES : stryMutAct_9fa48("414") ? false : stryMutAct_9fa48("413") ? true : (stryCov_9fa48("413", "414", "415", "416"), (await stat(s.path)).size > MAX_UPLOAD_BYTES)) {
          if (stryMutAct_9fa48("417")) {
            {}
          } else {
            stryCov_9fa48("417");
            throw new BotError(stryMutAct_9fa48("418") ? {} : (stryCov_9fa48("418"), {
              code: stryMutAct_9fa48("419") ? "" : (stryCov_9fa48("419"), "media_too_large"),
              family: stryMutAct_9fa48("420") ? "" : (stryCov_9fa48("420"), "media"),
              message: stryMutAct_9fa48("421") ? "" : (stryCov_9fa48("421"), "The video file is over 2 GB.")
            }));
          }
        }
        return readFile(s.path);
      }
    }
    const policy = stryMutAct_9fa48("422") ? {} : (stryCov_9fa48("422"), {
      outputHosts: stryMutAct_9fa48("423") ? [] : (stryCov_9fa48("423"), [...deps.config.outputHosts, ...ATTACHMENT_HOSTS]),
      maxBytes: deps.config.mediaMaxBytes
    });
    return (await fetchMediaBuffer(s.url, policy, stryMutAct_9fa48("424") ? {} : (stryCov_9fa48("424"), {
      kind: stryMutAct_9fa48("425") ? "" : (stryCov_9fa48("425"), "video")
    }))).bytes;
  }
}
async function submit(ctx: JobContext<VideoJobData>, deps: JobDeps, e: LedgerEntry, video: VideoClient): Promise<StepResult> {
  if (stryMutAct_9fa48("426")) {
    {}
  } else {
    stryCov_9fa48("426");
    const d = ctx.data;
    const payload: Record<string, unknown> = stryMutAct_9fa48("427") ? {} : (stryCov_9fa48("427"), {
      playback_policy: stryMutAct_9fa48("428") ? d.playbackPolicy && "public" : (stryCov_9fa48("428"), d.playbackPolicy ?? (stryMutAct_9fa48("429") ? "" : (stryCov_9fa48("429"), "public"))),
      ...(d.resolutions ? stryMutAct_9fa48("430") ? {} : (stryCov_9fa48("430"), {
        resolutions: d.resolutions
      }) : {}),
      ...(d.metadata ? stryMutAct_9fa48("431") ? {} : (stryCov_9fa48("431"), {
        metadata: d.metadata
      }) : {}),
      ...(d.fileName ? stryMutAct_9fa48("432") ? {} : (stryCov_9fa48("432"), {
        file_name: d.fileName
      }) : {})
    });
    if (stryMutAct_9fa48("434") ? false : stryMutAct_9fa48("433") ? true : (stryCov_9fa48("433", "434"), (stryMutAct_9fa48("435") ? "" : (stryCov_9fa48("435"), "uri")) in d.source)) payload.source_uri = d.source.uri;else if (stryMutAct_9fa48("437") ? false : stryMutAct_9fa48("436") ? true : (stryCov_9fa48("436", "437"), (stryMutAct_9fa48("438") ? "" : (stryCov_9fa48("438"), "uploadId")) in d.source)) payload.source_upload_id = d.source.uploadId;else {
      if (stryMutAct_9fa48("439")) {
        {}
      } else {
        stryCov_9fa48("439");
        await progress(ctx, deps, e, stryMutAct_9fa48("440") ? {} : (stryCov_9fa48("440"), {
          stage: stryMutAct_9fa48("441") ? "" : (stryCov_9fa48("441"), "uploading")
        }));
        const up = await video.createUpload();
        await video.putBytes(up.presigned_url, await sourceBytes(deps, e, d.source));
        payload.source_upload_id = up.id;
      }
    }
    const claimed = await deps.ledger.transition(e.id, stryMutAct_9fa48("442") ? [] : (stryCov_9fa48("442"), [stryMutAct_9fa48("443") ? "" : (stryCov_9fa48("443"), "queued")]), stryMutAct_9fa48("444") ? "" : (stryCov_9fa48("444"), "submitting"));
    if (stryMutAct_9fa48("447") ? false : stryMutAct_9fa48("446") ? true : stryMutAct_9fa48("445") ? claimed : (stryCov_9fa48("445", "446", "447"), !claimed)) return stryMutAct_9fa48("448") ? {} : (stryCov_9fa48("448"), {
      kind: stryMutAct_9fa48("449") ? "" : (stryCov_9fa48("449"), "delay"),
      delayMs: 0
    });
    try {
      if (stryMutAct_9fa48("450")) {
        {}
      } else {
        stryCov_9fa48("450");
        const v = await video.createVideo(payload);
        const sub = await deps.ledger.transition(e.id, stryMutAct_9fa48("451") ? [] : (stryCov_9fa48("451"), [stryMutAct_9fa48("452") ? "" : (stryCov_9fa48("452"), "submitting")]), stryMutAct_9fa48("453") ? "" : (stryCov_9fa48("453"), "submitted"), stryMutAct_9fa48("454") ? {} : (stryCov_9fa48("454"), {
          upstreamId: v.id,
          submittedAt: Date.now()
        }));
        await progress(ctx, deps, stryMutAct_9fa48("455") ? sub && claimed : (stryCov_9fa48("455"), sub ?? claimed), stryMutAct_9fa48("456") ? {} : (stryCov_9fa48("456"), {
          stage: stryMutAct_9fa48("457") ? "" : (stryCov_9fa48("457"), "transcoding"),
          percent: 0
        }));
        return stryMutAct_9fa48("458") ? {} : (stryCov_9fa48("458"), {
          kind: stryMutAct_9fa48("459") ? "" : (stryCov_9fa48("459"), "delay"),
          delayMs: pollDelay(1, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
          data: stryMutAct_9fa48("460") ? {} : (stryCov_9fa48("460"), {
            ...d,
            step: 1
          })
        });
      }
    } catch (err) {
      if (stryMutAct_9fa48("461")) {
        {}
      } else {
        stryCov_9fa48("461");
        const f = submitFailure(err, stryMutAct_9fa48("462") ? "" : (stryCov_9fa48("462"), "the transcode"), stryMutAct_9fa48("463") ? "" : (stryCov_9fa48("463"), "Check theta.video.list before retrying."));
        return finish(deps, claimed, f.to, f.error);
      }
    }
  }
}
async function poll(ctx: JobContext<VideoJobData>, deps: JobDeps, e: LedgerEntry, video: VideoClient): Promise<StepResult> {
  if (stryMutAct_9fa48("464")) {
    {}
  } else {
    stryCov_9fa48("464");
    const deadlineMs = stryMutAct_9fa48("465") ? ctx.data.deadlineMs && DEFAULT_DEADLINE_MS : (stryCov_9fa48("465"), ctx.data.deadlineMs ?? DEFAULT_DEADLINE_MS);
    const elapsed = stryMutAct_9fa48("466") ? Date.now() + (e.submittedAt ?? e.createdAt) : (stryCov_9fa48("466"), Date.now() - (stryMutAct_9fa48("467") ? e.submittedAt && e.createdAt : (stryCov_9fa48("467"), e.submittedAt ?? e.createdAt)));
    const step = stryMutAct_9fa48("468") ? (ctx.data.step ?? 1) - 1 : (stryCov_9fa48("468"), (stryMutAct_9fa48("469") ? ctx.data.step && 1 : (stryCov_9fa48("469"), ctx.data.step ?? 1)) + 1);
    let v: Awaited<ReturnType<VideoClient["getVideo"]>>;
    try {
      if (stryMutAct_9fa48("470")) {
        {}
      } else {
        stryCov_9fa48("470");
        v = await video.getVideo(e.upstreamId!);
      }
    } catch (err) {
      if (stryMutAct_9fa48("471")) {
        {}
      } else {
        stryCov_9fa48("471");
        // Failed polls back off like the others and end at the same deadline.
        if (stryMutAct_9fa48("474") ? !(err instanceof BotError) && !err.retriable : stryMutAct_9fa48("473") ? false : stryMutAct_9fa48("472") ? true : (stryCov_9fa48("472", "473", "474"), (stryMutAct_9fa48("475") ? err instanceof BotError : (stryCov_9fa48("475"), !(err instanceof BotError))) || (stryMutAct_9fa48("476") ? err.retriable : (stryCov_9fa48("476"), !err.retriable)))) throw err;
        if (stryMutAct_9fa48("480") ? elapsed <= deadlineMs : stryMutAct_9fa48("479") ? elapsed >= deadlineMs : stryMutAct_9fa48("478") ? false : stryMutAct_9fa48("477") ? true : (stryCov_9fa48("477", "478", "479", "480"), elapsed > deadlineMs)) {
          if (stryMutAct_9fa48("481")) {
            {}
          } else {
            stryCov_9fa48("481");
            return finish(deps, e, stryMutAct_9fa48("482") ? "" : (stryCov_9fa48("482"), "failed"), stryMutAct_9fa48("483") ? {} : (stryCov_9fa48("483"), {
              code: stryMutAct_9fa48("484") ? "" : (stryCov_9fa48("484"), "job_deadline"),
              message: stryMutAct_9fa48("485") ? `` : (stryCov_9fa48("485"), `Video ${e.upstreamId}'s status could not be read for ${Math.round(stryMutAct_9fa48("486") ? elapsed * 60000 : (stryCov_9fa48("486"), elapsed / 60000))} min (${err.message}); it may still finish and be billed. Check it later with \`theta-bot op theta.video.videoGet --videoId ${e.upstreamId}\`.`)
            }));
          }
        }
        return stryMutAct_9fa48("487") ? {} : (stryCov_9fa48("487"), {
          kind: stryMutAct_9fa48("488") ? "" : (stryCov_9fa48("488"), "delay"),
          delayMs: pollDelay(step, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
          data: stryMutAct_9fa48("489") ? {} : (stryCov_9fa48("489"), {
            ...ctx.data,
            step
          })
        });
      }
    }
    if (stryMutAct_9fa48("492") ? v.state !== "success" : stryMutAct_9fa48("491") ? false : stryMutAct_9fa48("490") ? true : (stryCov_9fa48("490", "491", "492"), v.state === (stryMutAct_9fa48("493") ? "" : (stryCov_9fa48("493"), "success")))) {
      if (stryMutAct_9fa48("494")) {
        {}
      } else {
        stryCov_9fa48("494");
        const urls = stryMutAct_9fa48("495") ? [v.playback_uri, v.player_uri] : (stryCov_9fa48("495"), (stryMutAct_9fa48("496") ? [] : (stryCov_9fa48("496"), [v.playback_uri, v.player_uri])).filter(stryMutAct_9fa48("497") ? () => undefined : (stryCov_9fa48("497"), (u): u is string => stryMutAct_9fa48("500") ? typeof u !== "string" : stryMutAct_9fa48("499") ? false : stryMutAct_9fa48("498") ? true : (stryCov_9fa48("498", "499", "500"), typeof u === (stryMutAct_9fa48("501") ? "" : (stryCov_9fa48("501"), "string"))))));
        const done = await deps.ledger.transition(e.id, stryMutAct_9fa48("502") ? [] : (stryCov_9fa48("502"), [stryMutAct_9fa48("503") ? "" : (stryCov_9fa48("503"), "submitted")]), stryMutAct_9fa48("504") ? "" : (stryCov_9fa48("504"), "done"), stryMutAct_9fa48("505") ? {} : (stryCov_9fa48("505"), {
          outputUrls: urls,
          text: stryMutAct_9fa48("506") ? `` : (stryCov_9fa48("506"), `Video ${v.id} is ready.`)
        }));
        return done ? deliver(deps, done, stryMutAct_9fa48("507") ? "" : (stryCov_9fa48("507"), "success"), stryMutAct_9fa48("508") ? "" : (stryCov_9fa48("508"), "video"), stryMutAct_9fa48("509") ? true : (stryCov_9fa48("509"), false)) : stryMutAct_9fa48("510") ? {} : (stryCov_9fa48("510"), {
          kind: stryMutAct_9fa48("511") ? "" : (stryCov_9fa48("511"), "delay"),
          delayMs: 0
        });
      }
    }
    if (stryMutAct_9fa48("514") ? v.state === "error" && v.state === "failed" : stryMutAct_9fa48("513") ? false : stryMutAct_9fa48("512") ? true : (stryCov_9fa48("512", "513", "514"), (stryMutAct_9fa48("516") ? v.state !== "error" : stryMutAct_9fa48("515") ? false : (stryCov_9fa48("515", "516"), v.state === (stryMutAct_9fa48("517") ? "" : (stryCov_9fa48("517"), "error")))) || (stryMutAct_9fa48("519") ? v.state !== "failed" : stryMutAct_9fa48("518") ? false : (stryCov_9fa48("518", "519"), v.state === (stryMutAct_9fa48("520") ? "" : (stryCov_9fa48("520"), "failed")))))) {
      if (stryMutAct_9fa48("521")) {
        {}
      } else {
        stryCov_9fa48("521");
        return finish(deps, e, stryMutAct_9fa48("522") ? "" : (stryCov_9fa48("522"), "failed"), stryMutAct_9fa48("523") ? {} : (stryCov_9fa48("523"), {
          code: stryMutAct_9fa48("524") ? "" : (stryCov_9fa48("524"), "video_transcode_failed"),
          message: stryMutAct_9fa48("525") ? `` : (stryCov_9fa48("525"), `Theta Video could not transcode ${v.id} (${String(stryMutAct_9fa48("526") ? v.sub_state && v.state : (stryCov_9fa48("526"), v.sub_state ?? v.state))}).`)
        }));
      }
    }
    if (stryMutAct_9fa48("530") ? elapsed <= deadlineMs : stryMutAct_9fa48("529") ? elapsed >= deadlineMs : stryMutAct_9fa48("528") ? false : stryMutAct_9fa48("527") ? true : (stryCov_9fa48("527", "528", "529", "530"), elapsed > deadlineMs)) {
      if (stryMutAct_9fa48("531")) {
        {}
      } else {
        stryCov_9fa48("531");
        return finish(deps, e, stryMutAct_9fa48("532") ? "" : (stryCov_9fa48("532"), "failed"), stryMutAct_9fa48("533") ? {} : (stryCov_9fa48("533"), {
          code: stryMutAct_9fa48("534") ? "" : (stryCov_9fa48("534"), "job_deadline"),
          message: stryMutAct_9fa48("535") ? `` : (stryCov_9fa48("535"), `Video ${v.id} is still transcoding after ${Math.round(stryMutAct_9fa48("536") ? elapsed * 60000 : (stryCov_9fa48("536"), elapsed / 60000))} min; check it later with theta.video.videoGet.`)
        }));
      }
    }
    const percent = (stryMutAct_9fa48("539") ? typeof v.progress !== "number" : stryMutAct_9fa48("538") ? false : stryMutAct_9fa48("537") ? true : (stryCov_9fa48("537", "538", "539"), typeof v.progress === (stryMutAct_9fa48("540") ? "" : (stryCov_9fa48("540"), "number")))) ? v.progress : undefined;
    await progress(ctx, deps, e, stryMutAct_9fa48("541") ? {} : (stryCov_9fa48("541"), {
      stage: stryMutAct_9fa48("542") ? "" : (stryCov_9fa48("542"), "transcoding"),
      percent
    }));
    return stryMutAct_9fa48("543") ? {} : (stryCov_9fa48("543"), {
      kind: stryMutAct_9fa48("544") ? "" : (stryCov_9fa48("544"), "delay"),
      delayMs: pollDelay(step, deps.config.jobs.pollBaseMs, deps.config.jobs.pollMaxMs),
      data: stryMutAct_9fa48("545") ? {} : (stryCov_9fa48("545"), {
        ...ctx.data,
        step
      })
    });
  }
}

/** Theta Video transcode: upload → create video (paid, once) → poll until success → post links. */
export async function videoStep(ctx: JobContext<VideoJobData>, deps: JobDeps): Promise<StepResult> {
  if (stryMutAct_9fa48("546")) {
    {}
  } else {
    stryCov_9fa48("546");
    const e = await ledgerEntry(deps, ctx.id);
    const cancelled = await cancelIfAsked(ctx, deps, e);
    if (stryMutAct_9fa48("548") ? false : stryMutAct_9fa48("547") ? true : (stryCov_9fa48("547", "548"), cancelled)) return cancelled;
    try {
      if (stryMutAct_9fa48("549")) {
        {}
      } else {
        stryCov_9fa48("549");
        const video = (await clientFor(deps, e.origin, stryMutAct_9fa48("550") ? [] : (stryCov_9fa48("550"), [stryMutAct_9fa48("551") ? "" : (stryCov_9fa48("551"), "video")]))).video;
        switch (e.state) {
          case stryMutAct_9fa48("553") ? "" : (stryCov_9fa48("553"), "queued"):
            if (stryMutAct_9fa48("552")) {} else {
              stryCov_9fa48("552");
              return await submit(ctx, deps, e, video);
            }
          case stryMutAct_9fa48("555") ? "" : (stryCov_9fa48("555"), "submitting"):
            if (stryMutAct_9fa48("554")) {} else {
              stryCov_9fa48("554");
              return await finish(deps, e, stryMutAct_9fa48("556") ? "" : (stryCov_9fa48("556"), "ambiguous"), stryMutAct_9fa48("557") ? {} : (stryCov_9fa48("557"), {
                code: stryMutAct_9fa48("558") ? "" : (stryCov_9fa48("558"), "ambiguous_submission"),
                message: stryMutAct_9fa48("559") ? "" : (stryCov_9fa48("559"), "A worker stopped while creating the video; it was not created again. Check theta.video.list before retrying.")
              }));
            }
          case stryMutAct_9fa48("561") ? "" : (stryCov_9fa48("561"), "submitted"):
            if (stryMutAct_9fa48("560")) {} else {
              stryCov_9fa48("560");
              return await poll(ctx, deps, e, video);
            }
          case stryMutAct_9fa48("562") ? "" : (stryCov_9fa48("562"), "done"):
          case stryMutAct_9fa48("564") ? "" : (stryCov_9fa48("564"), "delivering"):
            if (stryMutAct_9fa48("563")) {} else {
              stryCov_9fa48("563");
              return await deliver(deps, e, stryMutAct_9fa48("565") ? "" : (stryCov_9fa48("565"), "success"), stryMutAct_9fa48("566") ? "" : (stryCov_9fa48("566"), "video"), stryMutAct_9fa48("567") ? true : (stryCov_9fa48("567"), false));
            }
          default:
            if (stryMutAct_9fa48("568")) {} else {
              stryCov_9fa48("568");
              return stryMutAct_9fa48("569") ? {} : (stryCov_9fa48("569"), {
                kind: stryMutAct_9fa48("570") ? "" : (stryCov_9fa48("570"), "done"),
                result: stryMutAct_9fa48("571") ? {} : (stryCov_9fa48("571"), {
                  state: e.state
                })
              });
            }
        }
      }
    } catch (err) {
      if (stryMutAct_9fa48("572")) {
        {}
      } else {
        stryCov_9fa48("572");
        if (stryMutAct_9fa48("574") ? false : stryMutAct_9fa48("573") ? true : (stryCov_9fa48("573", "574"), ctx.signal.aborted)) throw err;
        const cur = stryMutAct_9fa48("575") ? (await deps.ledger.get(ctx.id)) && e : (stryCov_9fa48("575"), (await deps.ledger.get(ctx.id)) ?? e);
        if (stryMutAct_9fa48("578") ? cur.state === "queued" && cur.state === "submitted" : stryMutAct_9fa48("577") ? false : stryMutAct_9fa48("576") ? true : (stryCov_9fa48("576", "577", "578"), (stryMutAct_9fa48("580") ? cur.state !== "queued" : stryMutAct_9fa48("579") ? false : (stryCov_9fa48("579", "580"), cur.state === (stryMutAct_9fa48("581") ? "" : (stryCov_9fa48("581"), "queued")))) || (stryMutAct_9fa48("583") ? cur.state !== "submitted" : stryMutAct_9fa48("582") ? false : (stryCov_9fa48("582", "583"), cur.state === (stryMutAct_9fa48("584") ? "" : (stryCov_9fa48("584"), "submitted")))))) return finish(deps, cur, stryMutAct_9fa48("585") ? "" : (stryCov_9fa48("585"), "failed"), errorInfo(err));
        throw err;
      }
    }
  }
}