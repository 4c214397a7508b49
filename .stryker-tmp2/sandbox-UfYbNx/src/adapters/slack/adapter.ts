// @ts-nocheck
import type { Server } from "node:http";
import { App as BoltApp, LogLevel } from "@slack/bolt";
import type { App } from "../../app/app.js";
import type { ChatAdapter } from "../../app/serve.js";
import type { Config } from "../../config.js";
import { ActionService } from "../../core/chat/actions.js";
import { configError } from "../../core/errors.js";
import type { JobOrigin } from "../../core/present/job-card.js";
import type { DeliveryRouter } from "../../jobs/delivery.js";
import { registerActions } from "./actions.js";
import { AfterAckPacer, pacedAfterAck } from "./after-ack.js";
import { registerCommands } from "./commands.js";
import type { SlackContext } from "./context.js";
import { SlackDelivery } from "./delivery.js";
import { slackFileFetcher } from "./files.js";
import { SlackInstallStore } from "./install-store.js";
import { registerMediaCommands } from "./media.js";
import { registerSetup } from "./setup.js";

export const SLACK_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "files:write",
  "files:read",
  "users:read",
  "app_mentions:read",
  "channels:history",
  "groups:history",
];

/** The Slack adapter: HTTP receiver (signatures, replay window) or Socket Mode; one or many workspaces. */
export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack" as const;
  private bolt: BoltApp | undefined;
  private installs: SlackInstallStore | undefined;
  private readonly pacer = new AfterAckPacer();
  private logger: App["logger"] | undefined;
  /** The HTTP receiver's server, when not in Socket Mode (tests read its port). */
  server: Server | undefined;

  constructor(private readonly config: Config) {}

  private get multi(): boolean {
    return Boolean(this.config.slack.clientId && this.config.slack.clientSecret);
  }

  private tokenFor = async (origin: JobOrigin): Promise<string> => {
    if (!this.multi) return this.config.slack.botToken!;
    const [enterpriseId, teamId] = origin.tenantId.includes(".")
      ? origin.tenantId.split(".")
      : [undefined, origin.tenantId];
    const inst = await this.installs!.fetchInstallation({ teamId, enterpriseId, isEnterpriseInstall: false });
    return inst.bot!.token;
  };

  registerDelivery(app: App, router: DeliveryRouter): void {
    if (this.multi) {
      if (!this.config.encryptionKey)
        throw configError(
          "encryption_key_missing",
          "Multi-workspace Slack stores bot tokens encrypted: set BOT_ENCRYPTION_KEY.",
        );
      this.installs = new SlackInstallStore(app.store, this.config.encryptionKey);
    }
    const media = { outputHosts: this.config.outputHosts, maxBytes: this.config.mediaMaxBytes };
    router.register(
      "slack",
      new SlackDelivery(this.tokenFor, this.config.slack.apiUrl, app.store, media, app.logger),
    );
    // Files shared in Slack are private: media commands' inputs are downloaded with the bot token.
    const previous = app.deps.fetchInput;
    const fetchSlackFile = slackFileFetcher(this.tokenFor, this.config.slack.apiUrl);
    app.deps.fetchInput = async (origin, url) =>
      (await fetchSlackFile(origin, url)) ?? (await previous?.(origin, url));
  }

  async start(app: App): Promise<void> {
    const s = this.config.slack;
    const clientOptions = {
      ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}),
      retryConfig: { retries: 3, minTimeout: 100, maxTimeout: 3000 },
    };
    const auth = this.multi
      ? {
          clientId: s.clientId,
          clientSecret: s.clientSecret,
          stateSecret: s.stateSecret,
          scopes: SLACK_SCOPES,
          installationStore: this.installs,
          installerOptions: {
            directInstall: true,
            ...(s.oauthAuthorizeUrl ? { authorizationUrl: s.oauthAuthorizeUrl } : {}),
          },
        }
      : { token: s.botToken };
    const bolt = new BoltApp({
      ...auth,
      ...(s.appToken ? { socketMode: true, appToken: s.appToken } : { signingSecret: s.signingSecret }),
      clientOptions,
      logLevel: LogLevel.ERROR,
      // Ack first: the handlers ack before any Theta call, so Bolt may ack for us only as a backstop.
      processBeforeResponse: false,
    });
    // Bolt answers response_urls with Node's global fetch, whose first use loads a large bundle:
    // load it now (a data: URL touches no network), not inside the first burst of commands.
    void fetch("data:,warm").catch(() => {});
    // Warm the discovery cache so the first burst of commands does not all wait on (then stampede after) one fetch.
    void app.services.get().catch(() => {});
    const ctx: SlackContext = { app, actions: new ActionService(app.runtime, app.store, app.jobs) };
    // Listeners ack at once; their work after the ack starts one per event-loop turn (see after-ack.ts).
    const paced = pacedAfterAck(bolt, this.pacer);
    registerCommands(paced, ctx);
    registerActions(paced, ctx);
    registerSetup(paced, ctx);
    registerMediaCommands(paced, ctx);
    const forget = async ({ body }: { body: { team_id?: string; enterprise_id?: string } }) => {
      if (this.installs && body.team_id)
        await this.installs.deleteInstallation({
          teamId: body.team_id,
          enterpriseId: body.enterprise_id,
          isEnterpriseInstall: false,
        });
      app.logger.info({ team: body.team_id }, "slack workspace uninstalled: installation removed");
    };
    bolt.event("app_uninstalled", forget as never);
    bolt.event("tokens_revoked", forget as never);
    bolt.error(async (err) => app.logger.error({ err }, "slack app error"));
    if (s.appToken) await bolt.start();
    else this.server = (await bolt.start({ port: s.port, host: "0.0.0.0" })) as unknown as Server;
    this.bolt = bolt;
    this.logger = app.logger;
    app.logger.info(
      {
        mode: s.appToken ? "socket" : "http",
        workspaces: this.multi ? "multi" : "single",
        port: s.appToken ? undefined : s.port,
      },
      "slack adapter running",
    );
  }

  /**
   * Stops intake, then lets acked commands finish their work (quote, reply) before the store and
   * queue close: at most half the shutdown timeout, the rest is left for the workers.
   */
  async stop(): Promise<void> {
    await this.bolt?.stop();
    if (this.pacer.inFlight === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      this.pacer.idle().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.config.shutdownTimeoutMs / 2);
      }),
    ]);
    clearTimeout(timer);
    if (!waited)
      this.logger?.warn(
        { inFlight: this.pacer.inFlight },
        "slack: stopping with acked commands still at work",
      );
  }
}

export function slackAdapter(config: Config): SlackAdapter | { platform: string; off: string } {
  const s = config.slack;
  const transport = s.appToken || s.signingSecret;
  const auth = s.botToken || (s.clientId && s.clientSecret && s.stateSecret);
  if (transport && auth) return new SlackAdapter(config);
  return {
    platform: "slack",
    off: "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode; SLACK_CLIENT_ID/SECRET/STATE_SECRET for many workspaces) to turn it on",
  };
}
