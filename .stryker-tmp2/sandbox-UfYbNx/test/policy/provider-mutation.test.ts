// @ts-nocheck
import { describe, expect, it } from "vitest";
import {
  EnvCredentialProvider,
  familyFromEnv,
  missingCredentialsError,
  missingFromEnv,
} from "../../src/core/credentials/provider.js";
import { config, rejects } from "./helpers.js";

/** What the operator sees from `theta.auth.capabilities` and the CLI: exactly which variables are missing. */
const FULL = {
  THETA_EC_API_KEY: "ec-key-1234",
  THETA_EC_PROJECT_ID: "prj_abc",
  THETA_ORG_ID: "org_abc",
  THETA_ONDEMAND_API_TOKEN: "od-token-1234",
  THETA_INFERENCE_ENDPOINT: "https://x.thetaedgecloud.com",
  THETA_INFERENCE_AUTH_TOKEN: "inf-token-1234",
  THETA_VIDEO_SA_ID: "srvacc_abc",
  THETA_VIDEO_SA_SECRET: "video-secret-1234",
};
const INFERENCE_AUTH =
  "THETA_INFERENCE_AUTH_TOKEN (or THETA_INFERENCE_AUTH_USER + THETA_INFERENCE_AUTH_PASS)";

const without = (...names: Array<keyof typeof FULL>) =>
  config(Object.fromEntries(Object.entries(FULL).filter(([k]) => !names.includes(k as keyof typeof FULL))));

describe("missingFromEnv", () => {
  it("nothing is missing with every variable set", () => {
    const c = config(FULL);
    for (const f of ["controller", "billing", "ondemand", "inference", "video"] as const) {
      expect(missingFromEnv(c, f)).toEqual([]);
    }
  });

  it("names each missing variable of the family asked for, and only of that family", () => {
    expect(missingFromEnv(without("THETA_EC_API_KEY"), "controller")).toEqual(["THETA_EC_API_KEY"]);
    expect(missingFromEnv(without("THETA_EC_PROJECT_ID"), "controller")).toEqual(["THETA_EC_PROJECT_ID"]);
    expect(missingFromEnv(without("THETA_EC_PROJECT_ID"), "billing")).toEqual([]);
    expect(missingFromEnv(without("THETA_EC_API_KEY"), "billing")).toEqual(["THETA_EC_API_KEY"]);
    expect(missingFromEnv(without("THETA_ORG_ID"), "billing")).toEqual(["THETA_ORG_ID"]);
    expect(missingFromEnv(without("THETA_ORG_ID"), "controller")).toEqual([]);
    expect(missingFromEnv(without("THETA_ONDEMAND_API_TOKEN"), "ondemand")).toEqual([
      "THETA_ONDEMAND_API_TOKEN",
    ]);
    expect(missingFromEnv(without("THETA_INFERENCE_ENDPOINT"), "inference")).toEqual([
      "THETA_INFERENCE_ENDPOINT",
    ]);
    expect(missingFromEnv(without("THETA_VIDEO_SA_ID"), "video")).toEqual(["THETA_VIDEO_SA_ID"]);
    expect(missingFromEnv(without("THETA_VIDEO_SA_SECRET"), "video")).toEqual(["THETA_VIDEO_SA_SECRET"]);
    expect(missingFromEnv(config(), "controller")).toEqual(["THETA_EC_API_KEY", "THETA_EC_PROJECT_ID"]);
    expect(missingFromEnv(config(), "billing")).toEqual(["THETA_EC_API_KEY", "THETA_ORG_ID"]);
    expect(missingFromEnv(config(), "video")).toEqual(["THETA_VIDEO_SA_ID", "THETA_VIDEO_SA_SECRET"]);
    expect(missingFromEnv(config(), "inference")).toEqual(["THETA_INFERENCE_ENDPOINT", INFERENCE_AUTH]);
  });

  it("inference auth is a token, or both user and pass", () => {
    const base = { THETA_INFERENCE_ENDPOINT: FULL.THETA_INFERENCE_ENDPOINT };
    expect(missingFromEnv(config({ ...base, THETA_INFERENCE_AUTH_TOKEN: "t-1234" }), "inference")).toEqual(
      [],
    );
    expect(
      missingFromEnv(
        config({ ...base, THETA_INFERENCE_AUTH_USER: "u", THETA_INFERENCE_AUTH_PASS: "p-1234" }),
        "inference",
      ),
    ).toEqual([]);
    expect(missingFromEnv(config({ ...base, THETA_INFERENCE_AUTH_USER: "u" }), "inference")).toEqual([
      INFERENCE_AUTH,
    ]);
    expect(missingFromEnv(config({ ...base, THETA_INFERENCE_AUTH_PASS: "p-1234" }), "inference")).toEqual([
      INFERENCE_AUTH,
    ]);
  });
});

describe("familyFromEnv", () => {
  it("returns exactly the family's own values, and nothing when one is missing", () => {
    const c = config({ ...FULL, THETA_INFERENCE_AUTH_USER: "u", THETA_INFERENCE_MODEL: "m1" });
    expect(familyFromEnv(c, "controller")).toEqual({ apiKey: "ec-key-1234", projectId: "prj_abc" });
    expect(familyFromEnv(c, "billing")).toEqual({ apiKey: "ec-key-1234", orgId: "org_abc" });
    expect(familyFromEnv(c, "ondemand")).toEqual({ token: "od-token-1234" });
    expect(familyFromEnv(c, "inference")).toEqual({
      endpoint: "https://x.thetaedgecloud.com",
      token: "inf-token-1234",
      user: "u",
      pass: undefined,
      model: "m1",
    });
    expect(familyFromEnv(c, "video")).toEqual({ saId: "srvacc_abc", saSecret: "video-secret-1234" });
    expect(familyFromEnv(without("THETA_ORG_ID"), "billing")).toBeUndefined();
  });
});

describe("EnvCredentialProvider", () => {
  it("resolves a complete family and refuses an incomplete one naming what to set", async () => {
    const p = new EnvCredentialProvider(without("THETA_ORG_ID"));
    expect(await p.resolve(undefined, "ondemand")).toEqual({ token: "od-token-1234" });
    const err = await rejects(p.resolve(undefined, "billing"), "missing_credentials", "config");
    expect(err.message).toBe(
      "The billing credentials are not set: missing THETA_ORG_ID. Set them in the environment, then run theta.auth.capabilities to check.",
    );
    expect(err.details).toEqual({ family: "billing", missing: ["THETA_ORG_ID"] });
  });

  it("a caller's hint replaces the default advice", () => {
    const err = missingCredentialsError(
      "video",
      ["THETA_VIDEO_SA_ID", "THETA_VIDEO_SA_SECRET"],
      "Ask the operator.",
    );
    expect(err.message).toBe(
      "The video credentials are not set: missing THETA_VIDEO_SA_ID, THETA_VIDEO_SA_SECRET. Ask the operator.",
    );
  });

  it("status reports configured families as env and others with their missing variables", async () => {
    const p = new EnvCredentialProvider(without("THETA_VIDEO_SA_SECRET"));
    expect(await p.status(undefined, "ondemand")).toEqual({
      family: "ondemand",
      configured: true,
      missing: [],
      source: "env",
    });
    expect(await p.status(undefined, "video")).toEqual({
      family: "video",
      configured: false,
      missing: ["THETA_VIDEO_SA_SECRET"],
      source: "none",
    });
  });
});
