// @ts-nocheck
import { configError } from "../errors.js";

const THETA_ENDPOINT_SUFFIXES = ["thetaedgecloud.com", "onthetaedgecloud.com"];

function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1" || h === "0.0.0.0") return true;
  if (/^(fe80|fc|fd)[0-9a-f]*:/.test(h)) return true;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 192 && b === 168) ||
    (a === 172 && b >= 16 && b <= 31)
  );
}

/**
 * The dedicated endpoint comes from operator configuration only. It must be absolute https with no
 * embedded credentials, not loopback/private, on Theta's domains — unless the operator set
 * THETA_ALLOW_LOCAL_ENDPOINTS=1 (tests), which lifts the host and scheme rules.
 */
export function guardEndpoint(raw: string, allowLocal: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(
      "INVALID_INFERENCE_ENDPOINT",
      "THETA_INFERENCE_ENDPOINT must be an absolute https URL.",
    );
  }
  if (url.username || url.password) {
    throw configError(
      "INVALID_INFERENCE_ENDPOINT",
      "THETA_INFERENCE_ENDPOINT must not embed credentials; set THETA_INFERENCE_AUTH_USER/PASS or THETA_INFERENCE_AUTH_TOKEN.",
    );
  }
  if (!allowLocal) {
    if (url.protocol !== "https:") {
      throw configError("INVALID_INFERENCE_ENDPOINT", "THETA_INFERENCE_ENDPOINT must use https.");
    }
    if (isPrivateHost(url.hostname)) {
      throw configError(
        "INVALID_INFERENCE_ENDPOINT",
        "THETA_INFERENCE_ENDPOINT must not point at a loopback or private address.",
      );
    }
    const host = url.hostname.toLowerCase();
    if (!THETA_ENDPOINT_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) {
      throw configError(
        "INVALID_INFERENCE_ENDPOINT",
        `THETA_INFERENCE_ENDPOINT host ${host} is not a Theta EdgeCloud host (*.thetaedgecloud.com or *.onthetaedgecloud.com).`,
      );
    }
  } else if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw configError("INVALID_INFERENCE_ENDPOINT", "THETA_INFERENCE_ENDPOINT must be an http(s) URL.");
  }
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}
