// @ts-nocheck
import type { Dispatcher } from "undici";
import { configError } from "../errors.js";
import { ControllerClient } from "./controller.js";
import { type CredentialFamily, type CredentialSet, FAMILY_VARIABLES } from "./credentials.js";
import { InferenceClient } from "./inference.js";
import { OndemandClient } from "./ondemand.js";
import { PlatformClient } from "./platform.js";
import { Transport, type TransportHooks } from "./transport.js";
import { VideoClient } from "./video.js";

export interface ThetaClientOptions {
  baseUrls: { controller: string; platform: string; ondemand: string; video: string };
  http: { timeoutMs: number; maxRetries: number; retryBackoffMs: number };
  credentials: CredentialSet;
  allowLocalEndpoints?: boolean;
  /** Operator-listed extra hosts for uploads/outputs (THETA_OUTPUT_HOSTS). */
  outputHosts?: readonly string[];
  /** Dry-run capture: mutating requests are previewed, not sent. */
  capture?: boolean;
  hooks?: TransportHooks;
  dispatcher?: Dispatcher;
}

function missing(family: CredentialFamily): never {
  throw configError(
    "missing_credentials",
    `Missing ${family} credentials: set ${FAMILY_VARIABLES[family].join(" and ")}. Run theta.auth.capabilities to see what is configured.`,
    { family, variables: FAMILY_VARIABLES[family] },
  );
}

/**
 * One object per credential set. Family clients are built on first use and only from the
 * credentials this set holds, so an operation can never use a family it was not given.
 */
export class ThetaClient {
  readonly transport: Transport;
  private cache = new Map<string, unknown>();

  constructor(readonly opts: ThetaClientOptions) {
    this.transport = new Transport({
      ...opts.http,
      capture: opts.capture ?? false,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
      ...opts.hooks,
    });
  }

  private memo<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  get credentials(): CredentialSet {
    return this.opts.credentials;
  }

  get controller(): ControllerClient {
    const c = this.opts.credentials.controller ?? missing("controller");
    return this.memo(
      "controller",
      () => new ControllerClient(this.transport, this.opts.baseUrls.controller, c),
    );
  }

  /** Platform API; the VM catalog is public, so the key is optional here. */
  get platform(): PlatformClient {
    const key = this.opts.credentials.billing?.apiKey ?? this.opts.credentials.controller?.apiKey;
    return this.memo("platform", () => new PlatformClient(this.transport, this.opts.baseUrls.platform, key));
  }

  get billing(): { platform: PlatformClient; orgId: string } {
    const b = this.opts.credentials.billing ?? missing("billing");
    return this.memo("billing", () => ({
      platform: new PlatformClient(this.transport, this.opts.baseUrls.platform, b.apiKey),
      orgId: b.orgId,
    }));
  }

  /** On-demand with the token (infer, status, uploads, chat). */
  get ondemand(): OndemandClient {
    const c = this.opts.credentials.ondemand ?? missing("ondemand");
    return this.memo(
      "ondemand",
      () => new OndemandClient(this.transport, this.opts.baseUrls.ondemand, c, this.opts.outputHosts),
    );
  }

  /** On-demand discovery, which is public: sends the token only when this set has one. */
  get ondemandPublic(): OndemandClient {
    return this.memo(
      "ondemandPublic",
      () =>
        new OndemandClient(
          this.transport,
          this.opts.baseUrls.ondemand,
          this.opts.credentials.ondemand,
          this.opts.outputHosts,
        ),
    );
  }

  get inference(): InferenceClient {
    const c = this.opts.credentials.inference ?? missing("inference");
    return this.memo(
      "inference",
      () => new InferenceClient(this.transport, c, this.opts.allowLocalEndpoints ?? false),
    );
  }

  get video(): VideoClient {
    const c = this.opts.credentials.video ?? missing("video");
    return this.memo(
      "video",
      () => new VideoClient(this.transport, this.opts.baseUrls.video, c, this.opts.outputHosts),
    );
  }
}
