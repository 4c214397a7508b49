// @ts-nocheck
import { BotError } from "../../core/errors.js";
import type { OndemandClient } from "../../core/theta/ondemand.js";
import type { LedgerEntry } from "../ledger.js";
import { fetchMediaBuffer } from "../media.js";
import type { JobDeps } from "./deps.js";
import type { OndemandJobData } from "./ondemand.js";

/** Chat platforms' attachment CDNs, fetched for media commands' inputs. */
export const ATTACHMENT_HOSTS = ["cdn.discordapp.com", "media.discordapp.net"];
const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/** Uploads every file input through the presigned flow; returns field → server filename. */
export async function resolveFiles(
  deps: JobDeps,
  od: OndemandClient,
  d: OndemandJobData,
  e: LedgerEntry,
): Promise<Record<string, string>> {
  const fields = Object.keys(d.files ?? {});
  const targets = await od.presignedUrls(d.service, fields, d.prediction);
  const out: Record<string, string> = {};
  for (const field of fields) {
    const f = d.files![field]!;
    let bytes: Buffer;
    if ("base64" in f) bytes = Buffer.from(f.base64, "base64");
    else {
      const policy = {
        outputHosts: [...deps.config.outputHosts, ...ATTACHMENT_HOSTS],
        maxBytes: MAX_INPUT_BYTES,
      };
      const own = await deps.fetchInput?.(e.origin, f.url);
      bytes = own ?? (await fetchMediaBuffer(f.url, policy, { kind: "any" })).bytes;
    }
    const target = targets[field];
    if (!target) {
      throw new BotError({
        code: "theta_bad_response",
        family: "ondemand",
        message: `Theta gave no upload URL for ${field}.`,
      });
    }
    await od.upload(target, bytes);
    out[field] = target.filename;
  }
  return out;
}
