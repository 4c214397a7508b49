/**
 * Per-tenant Theta credentials, encrypted at rest (AES-256-GCM, BOT_ENCRYPTION_KEY), one record
 * per family under `creds:<platform>:<tenantId>:<family>`, and the CredentialProvider that serves
 * them: the tenant's own set first, the operator's env set only where the operator allows sharing.
 */
import type { Config } from "../../config.js";
import {
  ALL_FAMILIES,
  type CredentialProvider,
  EnvCredentialProvider,
  type FamilyStatus,
  familyFromEnv,
  type Tenant,
} from "../credentials/provider.js";
import { BotError, configError } from "../errors.js";
import { registerSecret } from "../redact.js";
import type { StateStore } from "../store/state-store.js";
import type { CredentialFamily, CredentialSet } from "../theta/credentials.js";
import { credentialSchemas, parseCredentials, secretValues } from "./credential-schemas.js";
import { open, seal } from "./crypto.js";
import { keyPart, tenantKey } from "./keys.js";

export type TenantCredentials<F extends CredentialFamily> = NonNullable<CredentialSet[F]>;

/** The fields a tenant gives per family (what `/theta setup` asks for). */
export const TENANT_FAMILY_FIELDS: Record<CredentialFamily, string[]> = {
  controller: ["apiKey", "projectId"],
  billing: ["apiKey", "orgId"],
  ondemand: ["token"],
  inference: ["endpoint", "token (or user + pass)"],
  video: ["saId", "saSecret"],
};

/** `creds:<platform>:<tenantId>:<family>` — also the AAD, so a record only opens under its own key. */
export function credentialKey(tenant: Tenant, family: CredentialFamily): string {
  if (!ALL_FAMILIES.includes(family)) {
    throw configError("unknown_family", `Unknown credential family "${String(family)}".`);
  }
  // Stryker disable next-line StringLiteral: equivalent, family is one of ALL_FAMILIES (checked above), so keyPart never refuses it and never shows its label
  const part = keyPart(family, "family");
  return `creds:${tenantKey(tenant)}:${part}`;
}

export function encryptionKeyMissingError(): BotError {
  return configError(
    "encryption_key_missing",
    "Credentials cannot be stored: the bot has no encryption key. The operator must set BOT_ENCRYPTION_KEY " +
      "to 32 random bytes, e.g. `openssl rand -base64 32`, and restart the bot.",
  );
}

export interface TenantCredentialStoreOptions {
  /** Lifts the https + Theta-host rule for inference endpoints (operator's THETA_ALLOW_LOCAL_ENDPOINTS; tests). */
  allowLocalEndpoints?: boolean;
}

export class TenantCredentialStore {
  private readonly schemas;

  constructor(
    private readonly store: StateStore,
    private readonly key: Buffer | undefined,
    opts: TenantCredentialStoreOptions = {},
  ) {
    this.schemas = credentialSchemas(opts.allowLocalEndpoints ?? false);
  }

  /** Whether credentials can be stored at all (an encryption key is configured). */
  get canStore(): boolean {
    return this.key !== undefined;
  }

  /**
   * Validates one family's values without storing anything (and registers them for redaction):
   * what `set` would keep. Refuses like `set`.
   */
  check<F extends CredentialFamily>(
    tenant: Tenant,
    family: F,
    creds: TenantCredentials<F> | Record<string, unknown>,
  ): TenantCredentials<F> {
    credentialKey(tenant, family);
    if (!this.key) throw encryptionKeyMissingError();
    const parsed = parseCredentials(this.schemas, family, creds);
    for (const v of secretValues(parsed)) registerSecret(v);
    return parsed;
  }

  /**
   * Validates and stores one family for a tenant, replacing any previous set. Refuses with
   * `encryption_key_missing` without a key and `invalid_credentials` for a bad shape.
   */
  async set<F extends CredentialFamily>(
    tenant: Tenant,
    family: F,
    creds: TenantCredentials<F> | Record<string, unknown>,
  ): Promise<void> {
    const storageKey = credentialKey(tenant, family);
    const parsed = this.check(tenant, family, creds);
    await this.store.set(storageKey, seal(this.key as Buffer, JSON.stringify(parsed), storageKey));
  }

  /** The tenant's own set for a family, or undefined. Rejects with `credentials_tamper` if it does not open. */
  async get<F extends CredentialFamily>(
    tenant: Tenant,
    family: F,
  ): Promise<TenantCredentials<F> | undefined> {
    const storageKey = credentialKey(tenant, family);
    const sealed = await this.store.get(storageKey);
    if (sealed === null) return undefined;
    if (!this.key) throw encryptionKeyMissingError();
    const plain = open(this.key, sealed, storageKey);
    let data: unknown;
    try {
      data = JSON.parse(plain);
    } catch {
      // Not JSON: `data` stays undefined and fails the schema below.
    }
    const parsed = parseCredentials(this.schemas, family, data);
    for (const v of secretValues(parsed)) registerSecret(v);
    return parsed;
  }

  /** Removes one family, or all of them; returns the families that were removed. */
  async clear(tenant: Tenant, family?: CredentialFamily): Promise<CredentialFamily[]> {
    const removed: CredentialFamily[] = [];
    for (const f of family ? [family] : ALL_FAMILIES) {
      if (await this.store.delete(credentialKey(tenant, f))) removed.push(f);
    }
    return removed;
  }

  /** Which families the tenant has stored (names only, never values; nothing is decrypted). */
  async families(tenant: Tenant): Promise<CredentialFamily[]> {
    const present = await Promise.all(
      ALL_FAMILIES.map(async (f) => ((await this.store.get(credentialKey(tenant, f))) === null ? null : f)),
    );
    return present.filter((f): f is CredentialFamily => f !== null);
  }
}

function place(tenant: Tenant): string {
  return tenant.platform === "slack" ? "workspace" : "server";
}

/** `missing_credentials` for a chat tenant: names the family and the setup step, never env values. */
export function tenantMissingError(
  tenant: Tenant,
  family: CredentialFamily,
  envCouldServe: boolean,
): BotError {
  const where = place(tenant);
  // Only for admins (the adapters' error mapper adds it for them): members are not told what the
  // operator holds.
  const operatorHint = envCouldServe
    ? `The bot's operator has ${family} credentials of their own; with THETA_SHARED_CREDENTIALS=allow they would serve ${where}s without their own.`
    : undefined;
  return configError(
    "missing_credentials",
    `This ${where} has no Theta ${family} credentials. A ${where} admin can add them with /theta setup.`,
    {
      family,
      missing: TENANT_FAMILY_FIELDS[family],
      setup: "/theta setup",
      ...(operatorHint ? { operatorHint } : {}),
    },
  );
}

/**
 * The CredentialProvider for chat: the tenant's stored family; else, only with
 * THETA_SHARED_CREDENTIALS=allow, the operator's env family; else `missing_credentials`.
 * Without a tenant (or for the CLI tenant) it is the EnvCredentialProvider.
 */
export class TenantCredentialProvider implements CredentialProvider {
  private readonly env: EnvCredentialProvider;

  constructor(
    private readonly config: Config,
    private readonly credentials: TenantCredentialStore,
  ) {
    this.env = new EnvCredentialProvider(config);
  }

  async resolve<F extends CredentialFamily>(
    tenant: Tenant | undefined,
    family: F,
  ): Promise<TenantCredentials<F>> {
    if (!tenant || tenant.platform === "cli") return this.env.resolve(tenant, family);
    const own = await this.credentials.get(tenant, family);
    if (own) return own;
    const envSet = familyFromEnv(this.config, family);
    if (envSet && this.config.sharedCredentials) return envSet as TenantCredentials<F>;
    throw tenantMissingError(tenant, family, envSet !== undefined);
  }

  async status(tenant: Tenant | undefined, family: CredentialFamily): Promise<FamilyStatus> {
    if (!tenant || tenant.platform === "cli") return this.env.status(tenant, family);
    let own = false;
    try {
      own = (await this.credentials.get(tenant, family)) !== undefined;
    } catch (err) {
      // A record that does not open (or a missing key) is not usable: report it as not configured.
      if (!(err instanceof BotError) || err.family === "runtime") throw err;
    }
    if (own) return { family, configured: true, missing: [], source: "tenant" };
    if (this.config.sharedCredentials && familyFromEnv(this.config, family)) {
      return { family, configured: true, missing: [], source: "env" };
    }
    return { family, configured: false, missing: TENANT_FAMILY_FIELDS[family], source: "none" };
  }
}
