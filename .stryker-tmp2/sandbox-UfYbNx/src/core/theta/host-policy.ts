// @ts-nocheck
import { BotError } from "../errors.js";

/** Hosts Theta serves outputs and upload targets from (https only). */
export const THETA_HOST_SUFFIXES = ["thetaedgecloud.com", "onthetaedgecloud.com", "thetavideoapi.com"];
export const UPLOAD_HOST_SUFFIXES = ["storage.googleapis.com", ...THETA_HOST_SUFFIXES];

export function hostMatches(host: string, suffixes: readonly string[]): boolean {
  const h = host.toLowerCase();
  return suffixes.some((s) => h === s || h.endsWith(`.${s}`));
}

/**
 * A URL handed to us by Theta (upload target, output file) may only be fetched when it is https on
 * one of the given host suffixes, or on a host the operator listed (THETA_OUTPUT_HOSTS; http allowed).
 */
export function checkFetchUrl(
  raw: string,
  suffixes: readonly string[],
  operatorHosts: readonly string[],
  purpose: string,
): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BotError({
      code: "media_url_invalid",
      family: "media",
      message: `The ${purpose} URL from Theta is not a valid URL.`,
    });
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (url.username || url.password) {
    throw new BotError({
      code: "media_host_refused",
      family: "media",
      message: `The ${purpose} URL embeds credentials; refused.`,
    });
  }
  if (operatorHosts.includes(host) && (url.protocol === "http:" || url.protocol === "https:")) return url;
  if (url.protocol === "https:" && hostMatches(host, suffixes)) return url;
  throw new BotError({
    code: "media_host_refused",
    family: "media",
    message: `Refused the ${purpose} URL on ${url.protocol}//${host}: only https on Theta's hosts, or hosts listed in THETA_OUTPUT_HOSTS, are allowed.`,
    details: { host },
  });
}
