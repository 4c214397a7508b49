/** Public option and record types of the Slack wire double. */
// @ts-nocheck


export interface SlackDoubleUserOptions {
  id: string;
  name?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface SlackDoubleTeamOptions {
  id: string;
  name?: string;
  enterpriseId?: string;
  botToken?: string;
  users?: SlackDoubleUserOptions[];
}

export interface SlackDoubleOptions {
  signingSecret?: string;
  botToken?: string;
  appToken?: string;
  clientId?: string;
  clientSecret?: string;
  appId?: string;
  /** The app's configured redirect URL: used by /oauth/v2/authorize when the URL has no redirect_uri. */
  redirectUri?: string;
  teams?: SlackDoubleTeamOptions[];
  port?: number;
}

export interface ResolvedUser {
  id: string;
  name: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
}

export interface ResolvedTeam {
  id: string;
  name: string;
  domain: string;
  enterpriseId?: string;
  botToken: string;
  botUserId: string;
  botId: string;
  scopes: string[];
  users: ResolvedUser[];
}

export interface ResolvedSlackDoubleOptions {
  signingSecret: string;
  botToken: string;
  appToken: string;
  clientId: string;
  clientSecret: string;
  appId: string;
  /** Mutable: set it once the app's port is known. */
  redirectUri?: string;
  teams: ResolvedTeam[];
  port: number;
}

export interface ApiCall {
  /** Web API method ("chat.postMessage"), or "upload" / "response_url" / "oauth.authorize". */
  method: string;
  token?: string;
  /** Form or JSON body; JSON-string form fields such as blocks/view/files are decoded. */
  body: unknown;
  time: number;
  /** HTTP status the double answered with. */
  status: number;
  /** Slack error code when the answer was `{ ok: false }` or an error status. */
  error?: string;
  /** True when an injected fault produced the answer. */
  faulted?: boolean;
  contentType?: string;
  /** team_id form field (Bolt's listener clients add it to every call). */
  team_id?: string;
  /** The file id of an "upload", the id of a "response_url". */
  target?: string;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  ephemeralUser?: string;
  updates: number;
  user?: string;
  bot_id?: string;
  team?: string;
  files?: string[];
  via: "api" | "response_url" | "upload";
  deleted?: boolean;
}

export interface StoredFile {
  id: string;
  channel?: string;
  thread_ts?: string;
  title?: string;
  filename: string;
  declaredLength: number;
  bytes: Buffer;
  sha256: string;
  uploaded: boolean;
  completed: boolean;
  initial_comment?: string;
  team: string;
}

export interface StoredView {
  id: string;
  team: string;
  view: Record<string, unknown>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  updates: number;
  openedWithTrigger?: string;
}

export interface Fault {
  method: string;
  times?: number;
  status?: number;
  retryAfterSeconds?: number;
  error?: string;
  latencyMs?: number;
}

export interface SignOptions {
  badSignature?: boolean;
  staleTimestamp?: boolean;
  /** Send no X-Slack-Signature / X-Slack-Request-Timestamp headers at all. */
  unsigned?: boolean;
  retryNum?: number;
  retryReason?: string;
}

export interface SendResult {
  status: number;
  body: string;
  /** Parsed JSON body when the app answered application/json. */
  json?: unknown;
  contentType?: string;
  elapsedMs: number;
  /** The body that was sent (parsed object form). */
  payload: Record<string, unknown>;
  responseUrl?: string;
  responseUrlId?: string;
  triggerId?: string;
}
