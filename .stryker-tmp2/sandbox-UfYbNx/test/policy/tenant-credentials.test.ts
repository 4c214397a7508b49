// @ts-nocheck
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Tenant } from "../../src/core/credentials/provider.js";
import {
  credentialKey,
  TenantCredentialProvider,
  TenantCredentialStore,
} from "../../src/core/policy/index.js";
import { redact } from "../../src/core/redact.js";
import { config, newKey, type OpenedStore, openEmbedded, rejects } from "./helpers.js";

const guildA: Tenant = { platform: "discord", id: "100000000000000001" };
const guildB: Tenant = { platform: "discord", id: "100000000000000002" };
const slackSameId: Tenant = { platform: "slack", id: "100000000000000001" };
const workspace: Tenant = { platform: "slack", id: "T0123ABCD" };

const opened: OpenedStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.dispose()));
});

/** `null` = the operator set no BOT_ENCRYPTION_KEY. */
async function setup(key: Buffer | null = newKey()) {
  const o = await openEmbedded();
  opened.push(o);
  return { ...o, creds: new TenantCredentialStore(o.store, key ?? undefined) };
}

describe("TenantCredentialStore", () => {
  it("stores and returns a family, encrypted: neither the store nor the file on disk holds the secret", async () => {
    const { store, dir, creds } = await setup();
    const token = "ondemand-token-AAAA-secret-9f8e7d";
    await creds.set(guildA, "ondemand", { token });
    expect(await creds.get(guildA, "ondemand")).toEqual({ token });

    const raw = await store.get("creds:discord:100000000000000001:ondemand");
    expect(raw).toMatch(/^v1\./);
    expect(raw).not.toContain(token);
    await store.close();
    const onDisk = (await readFile(join(dir, "state.db"))).toString("latin1");
    expect(onDisk).toContain("creds:discord:100000000000000001:ondemand");
    expect(onDisk).not.toContain(token);
  });

  it("refuses to store anything without BOT_ENCRYPTION_KEY, and says how to make one", async () => {
    const { store, creds } = await setup(null);
    expect(creds.canStore).toBe(false);
    const err = await rejects(
      creds.set(guildA, "ondemand", { token: "tok-123456" }),
      "encryption_key_missing",
      "config",
    );
    expect(err.message).toContain("BOT_ENCRYPTION_KEY");
    expect(err.message).toContain("openssl rand -base64 32");
    expect(await store.keys("")).toEqual([]);
  });

  it("validates each family's shape and names the bad field without echoing secrets", async () => {
    const { store, creds } = await setup();
    const apiKey = "ec-api-key-do-not-echo-1234";
    let err = await rejects(
      creds.set(guildA, "controller", { apiKey, projectId: "12345" }),
      "invalid_credentials",
      "usage",
    );
    expect(err.message).toContain('projectId must look like "prj_…"');
    expect(JSON.stringify(err.toJSON())).not.toContain(apiKey);

    err = await rejects(creds.set(guildA, "billing", { apiKey, orgId: "prj_abc" }), "invalid_credentials");
    expect(err.message).toContain('orgId must look like "org_…"');

    err = await rejects(creds.set(guildA, "video", { saId: "srvacc_abc" }), "invalid_credentials");
    expect(err.message).toContain("saSecret is required");

    err = await rejects(
      creds.set(guildA, "ondemand", { token: "t-1234", extra: "x" }),
      "invalid_credentials",
    );
    expect(err.message).toContain("extra");

    err = await rejects(
      creds.set(guildA, "inference", { endpoint: "http://x.thetaedgecloud.com", token: "t-1234" }),
      "invalid_credentials",
    );
    expect(err.message).toContain("endpoint must use https");
    err = await rejects(
      creds.set(guildA, "inference", { endpoint: "https://evil.example.com/v1", token: "t-1234" }),
      "invalid_credentials",
    );
    expect(err.message).toContain("Theta EdgeCloud host");
    err = await rejects(
      creds.set(guildA, "inference", { endpoint: "https://abc.thetaedgecloud.com", user: "u" }),
      "invalid_credentials",
    );
    expect(err.message).toContain("either token, or both user and pass");

    expect(await store.keys("")).toEqual([]);
  });

  it("accepts every family's valid shape and lists families set, never values", async () => {
    const { creds } = await setup();
    await creds.set(workspace, "controller", { apiKey: "k-controller-1", projectId: "prj_abc123" });
    await creds.set(workspace, "inference", {
      endpoint: "https://abc.tec-s1.onthetaedgecloud.com/v1/",
      user: "bob",
      pass: "pass-word-123",
    });
    await creds.set(workspace, "video", { saId: "srvacc_xyz", saSecret: "video-secret-987" });
    expect(await creds.families(workspace)).toEqual(["controller", "inference", "video"]);
    expect(await creds.get(workspace, "inference")).toMatchObject({
      endpoint: "https://abc.tec-s1.onthetaedgecloud.com/v1",
      user: "bob",
    });
    expect(await creds.get(workspace, "billing")).toBeUndefined();

    expect(await creds.clear(workspace, "video")).toEqual(["video"]);
    expect(await creds.families(workspace)).toEqual(["controller", "inference"]);
    expect(await creds.clear(workspace)).toEqual(["controller", "inference"]);
    expect(await creds.families(workspace)).toEqual([]);
  });

  it("registers stored secrets so they are scrubbed from any later message or log line", async () => {
    const { creds } = await setup();
    const saSecret = "video-sa-secret-registered-42";
    await creds.set(guildA, "video", { saId: "srvacc_abc", saSecret });
    expect(redact(`upstream said: bad secret ${saSecret}`)).not.toContain(saSecret);
  });

  it("a record copied under another tenant's key does not open there", async () => {
    const { store, creds } = await setup();
    await creds.set(guildA, "ondemand", { token: "guild-a-token-1234" });
    const raw = await store.get(credentialKey(guildA, "ondemand"));
    await store.set(credentialKey(guildB, "ondemand"), raw!);
    await rejects(creds.get(guildB, "ondemand"), "credentials_tamper", "config");
  });
});

describe("TenantCredentialProvider", () => {
  const envOndemand = { THETA_ONDEMAND_API_TOKEN: "operator-env-token-5555" };

  it("isolates tenants: guild B cannot resolve guild A's, and the same id on Slack is another tenant", async () => {
    const { creds } = await setup();
    const provider = new TenantCredentialProvider(config(), creds);
    await creds.set(guildA, "ondemand", { token: "guild-a-token-1234" });
    expect(await provider.resolve(guildA, "ondemand")).toEqual({ token: "guild-a-token-1234" });
    await rejects(provider.resolve(guildB, "ondemand"), "missing_credentials", "config");
    await rejects(provider.resolve(slackSameId, "ondemand"), "missing_credentials");

    await creds.set(slackSameId, "ondemand", { token: "slack-same-id-token-77" });
    expect(await provider.resolve(slackSameId, "ondemand")).toEqual({ token: "slack-same-id-token-77" });
    expect(await provider.resolve(guildA, "ondemand")).toEqual({ token: "guild-a-token-1234" });
    expect((await provider.status(guildB, "ondemand")).source).toBe("none");
  });

  it("uses the operator's env credentials for tenants without their own only with THETA_SHARED_CREDENTIALS=allow", async () => {
    const { creds } = await setup();
    const denied = new TenantCredentialProvider(config(envOndemand), creds);
    const err = await rejects(denied.resolve(guildB, "ondemand"), "missing_credentials");
    expect(err.message).toContain("THETA_SHARED_CREDENTIALS=allow");
    expect(err.message).not.toContain(envOndemand.THETA_ONDEMAND_API_TOKEN);
    expect(await denied.status(guildB, "ondemand")).toEqual({
      family: "ondemand",
      configured: false,
      missing: ["token"],
      source: "none",
    });

    const shared = new TenantCredentialProvider(
      config({ ...envOndemand, THETA_SHARED_CREDENTIALS: "allow" }),
      creds,
    );
    expect(await shared.resolve(guildB, "ondemand")).toEqual({ token: envOndemand.THETA_ONDEMAND_API_TOKEN });
    expect(await shared.status(guildB, "ondemand")).toMatchObject({ configured: true, source: "env" });

    // A tenant's own set always wins over the shared one.
    await creds.set(guildA, "ondemand", { token: "guild-a-own-token-1" });
    expect(await shared.resolve(guildA, "ondemand")).toEqual({ token: "guild-a-own-token-1" });
    expect(await shared.status(guildA, "ondemand")).toMatchObject({ configured: true, source: "tenant" });
  });

  it("the missing-credentials message names the family and /theta setup (workspace wording on Slack)", async () => {
    const { creds } = await setup();
    const provider = new TenantCredentialProvider(config(), creds);
    const err = await rejects(provider.resolve(guildA, "video"), "missing_credentials", "config");
    expect(err.message).toBe(
      "This server has no Theta video credentials. A server admin can add them with /theta setup.",
    );
    const slackErr = await rejects(provider.resolve(workspace, "billing"), "missing_credentials");
    expect(slackErr.message).toContain("This workspace has no Theta billing credentials");
    expect(slackErr.message).toContain("/theta setup");
    expect(slackErr.details).toMatchObject({ family: "billing", missing: ["apiKey", "orgId"] });
  });

  it("without a tenant (the CLI) it behaves like the env provider and ignores tenant records", async () => {
    const { creds } = await setup();
    await creds.set({ platform: "cli", id: "x" }, "ondemand", { token: "never-used-token" });
    const provider = new TenantCredentialProvider(config(envOndemand), creds);
    expect(await provider.resolve(undefined, "ondemand")).toEqual({
      token: envOndemand.THETA_ONDEMAND_API_TOKEN,
    });
    expect(await provider.status(undefined, "ondemand")).toMatchObject({ configured: true, source: "env" });
    const err = await rejects(provider.resolve(undefined, "video"), "missing_credentials");
    expect(err.message).toContain("THETA_VIDEO_SA_ID");
  });

  it("a tampered tenant record is reported, not silently replaced by the shared env credentials", async () => {
    const { store, creds } = await setup();
    await creds.set(guildA, "ondemand", { token: "guild-a-token-1234" });
    const key = credentialKey(guildA, "ondemand");
    const raw = (await store.get(key))!;
    await store.set(key, `${raw.slice(0, -2)}${raw.endsWith("AA") ? "BB" : "AA"}`);
    const shared = new TenantCredentialProvider(
      config({ ...envOndemand, THETA_SHARED_CREDENTIALS: "allow" }),
      creds,
    );
    await rejects(shared.resolve(guildA, "ondemand"), "credentials_tamper");
  });
});
