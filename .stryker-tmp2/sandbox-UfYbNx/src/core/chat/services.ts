// @ts-nocheck
import type { ThetaClient } from "../theta/client.js";
import type { ServiceDiscovery } from "../theta/ondemand.js";
import type { ServiceSummary } from "../theta/ondemand-services.js";

const TTL_MS = 60_000;

/** Live on-demand discovery, cached for a minute (autocomplete must answer well inside 3 s). */
export class ServiceCache {
  private cached: { at: number; value: ServiceDiscovery } | undefined;
  private inflight: Promise<ServiceDiscovery> | undefined;

  constructor(
    private readonly client: () => ThetaClient,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<ServiceDiscovery> {
    if (this.cached && this.now() - this.cached.at < TTL_MS) return this.cached.value;
    this.inflight ??= this.client()
      .ondemandPublic.discover()
      .then((value) => {
        this.cached = { at: this.now(), value };
        return value;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /** The cached list without waiting (empty before the first discovery). */
  peek(): ServiceSummary[] {
    return this.cached?.value.services ?? [];
  }
}

/** Text-to-image services in preference order (flux is not always live). */
export const IMAGE_PREFERENCE = [
  "flux",
  "stable_diffusion_xl_turbo",
  "stable_diffusion_xl_lightning",
  "stable_diffusion_turbo_vision",
];
export const VIDEO_PREFERENCE = ["step_video"];

/** Services that take a prompt and make an image (not image-to-image or vision). */
export function textToImage(services: ServiceSummary[]): ServiceSummary[] {
  return services.filter(
    (s) =>
      s.category === "image" && s.inputFields.some((f) => f.name === "prompt") && s.fileFields.length === 0,
  );
}

export function textToVideo(services: ServiceSummary[]): ServiceSummary[] {
  return services.filter(
    (s) =>
      s.category === "video" && s.inputFields.some((f) => f.name === "prompt") && s.fileFields.length === 0,
  );
}
