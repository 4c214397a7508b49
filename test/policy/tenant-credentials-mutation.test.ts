import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import { seal } from "../../src/core/policy/crypto.js";
import {
  credentialKey,
  TenantCredentialProvider,
  TenantCredentialStore,
  tenantMissingError,
} from "../../src/core/policy/index.js";
import type { StateStore } from "../../src/core/store/index.js";
import { config, newKey, type OpenedStore, openEmbedded, rejects, throws } from "./helpers.js";

/** Tenant credentials as an admin and a member meet them: what is stored, served and reported. */
const guild: Tenant = { platform: "discord", id: "110000000000000001" };
const cli: Tenant = { platform: "cli", id: "operator" };
const envOndemand = { THETA_ONDEMAND_API_TOKEN: "operator-env-token-6666" };

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});
async function setup(key: Buffer | undefined = newKey(), opts = {}) {
  const o = await openEmbedded();
  opened.push(o);
  return { store: o.store, key, creds: new TenantCredentialStore(o.store, key, opts) };
}

describe("TenantCredentialStore", () => {
  it("an unknown family is refused before anything is read or written", () => {
    const err = throws(() => credentialKey(guild, "billing2" as never), "unknown_family", "config");
    expect(err.message).toBe('Unknown credential family "billing2".');
  });

  it("can store with a key", async () => {
    expect((await setup()).creds.canStore).toBe(true);
  });

  it("a local http inference endpoint is refused unless the operator allows local endpoints", async () => {
    const endpoint = { endpoint: "http://127.0.0.1:9999", token: "inf-token-1234" };
    const strict = await setup();
    await rejects(strict.creds.set(guild, "inference", endpoint), "invalid_credentials");
    const local = await setup(newKey(), { allowLocalEndpoints: true });
    await local.creds.set(guild, "inference", endpoint);
    expect(await local.creds.get(guild, "inference")).toMatchObject(endpoint);
  });

  it("a stored record cannot be read once the key is gone: encryption_key_missing, not a crash", async () => {
    const { store, creds } = await setup();
    await creds.set(guild, "ondemand", { token: "guild-token-12345" });
    const keyless = new TenantCredentialStore(store, undefined);
    await rejects(keyless.get(guild, "ondemand"), "encryption_key_missing", "config");
  });

  it("a record that opens but is not JSON is refused as invalid credentials", async () => {
    const { store, key, creds } = await setup();
    const storageKey = credentialKey(guild, "ondemand");
    await store.set(storageKey, seal(key!, "{not json", storageKey));
    await rejects(creds.get(guild, "ondemand"), "invalid_credentials");
  });
});

describe("TenantCredentialProvider", () => {
  it("the CLI tenant always uses the operator's environment, never a stored record", async () => {
    const { creds } = await setup();
    await creds.set(cli, "ondemand", { token: "stored-cli-token-1" });
    const provider = new TenantCredentialProvider(config(envOndemand), creds);
    expect(await provider.resolve(cli, "ondemand")).toEqual({ token: envOndemand.THETA_ONDEMAND_API_TOKEN });
    expect(await provider.status(cli, "ondemand")).toEqual({
      family: "ondemand",
      configured: true,
      missing: [],
      source: "env",
    });
  });

  it("status: own set → tenant, shared env → env, both with nothing missing", async () => {
    const { creds } = await setup();
    await creds.set(guild, "ondemand", { token: "guild-token-12345" });
    const shared = new TenantCredentialProvider(
      config({ ...envOndemand, THETA_SHARED_CREDENTIALS: "allow" }),
      creds,
    );
    expect(await shared.status(guild, "ondemand")).toEqual({
      family: "ondemand",
      configured: true,
      missing: [],
      source: "tenant",
    });
    expect(await shared.status({ platform: "slack", id: "T1" }, "ondemand")).toEqual({
      family: "ondemand",
      configured: true,
      missing: [],
      source: "env",
    });
  });

  it("status reports a record that does not open as not configured", async () => {
    const { store, creds } = await setup();
    await creds.set(guild, "video", { saId: "srvacc_abc", saSecret: "video-secret-1234" });
    const k = credentialKey(guild, "video");
    const raw = (await store.get(k))!;
    await store.set(k, `${raw.slice(0, -2)}${raw.endsWith("AA") ? "BB" : "AA"}`);
    const provider = new TenantCredentialProvider(config(), creds);
    expect(await provider.status(guild, "video")).toEqual({
      family: "video",
      configured: false,
      missing: ["saId", "saSecret"],
      source: "none",
    });
  });

  it("status does not hide a broken store: the error reaches the caller", async () => {
    const { store } = await setup();
    const failing: StateStore = Object.assign(Object.create(store), {
      get: async () => {
        throw new Error("socket closed");
      },
    });
    const provider = new TenantCredentialProvider(config(), new TenantCredentialStore(failing, newKey()));
    await expect(provider.status(guild, "ondemand")).rejects.toThrow("socket closed");
    await store.close();
    const closed = new TenantCredentialProvider(config(), new TenantCredentialStore(store, newKey()));
    await rejects(closed.status(guild, "ondemand"), "store_closed", "runtime");
  });

  it("the missing-credentials error points at the setup command", () => {
    expect(tenantMissingError(guild, "ondemand", false).details).toEqual({
      family: "ondemand",
      missing: ["token"],
      setup: "/theta setup",
    });
  });
});
