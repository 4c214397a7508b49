/** The Theta EdgeCloud API families; each has its own host, auth and client module. */
// @ts-nocheck

export type ThetaFamily = "controller" | "platform" | "ondemand" | "inference" | "video";

/** Labels used in errors and metrics (match the upstream runtimes' `service` labels). */
export const FAMILY_LABEL: Record<ThetaFamily, string> = {
  controller: "edgecloud-controller",
  platform: "edgecloud-platform",
  ondemand: "theta-ondemand-api",
  inference: "edgecloud-inference",
  video: "theta-video",
};

/** Cloudflare fronts the Theta hosts and rejects non-browser user agents (403 error 1010). */
export const BROWSER_HEADERS = {
  "user-agent":
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  accept: "application/json, text/plain, */*",
} as const;
