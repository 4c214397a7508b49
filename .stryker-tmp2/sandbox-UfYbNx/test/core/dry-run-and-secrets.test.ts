// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { runOperation } from "../../src/core/operations/runner.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

/** Real-looking secrets: every one must stay out of errors, logs and previews. */
const SECRETS = {
  THETA_EC_API_KEY: "ecak_7Hq2LmN9pXv4Rt8Wz1Ka6Bd3Fg5Jc0Ye",
  THETA_ONDEMAND_API_TOKEN: "odt_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lm",
  THETA_VIDEO_SA_SECRET: "tva_s3cr3t_Mn8Bv7Cx6Za5Sd4Fg3Hj2Kl1Qw",
  THETA_INFERENCE_AUTH_PASS: "ep_pass_Po9Iu8Yt7Re6Wq5As4Df3Gh2Jk1L",
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    apiKey: SECRETS.THETA_EC_API_KEY,
    ondemandToken: SECRETS.THETA_ONDEMAND_API_TOKEN,
    videoSaSecret: SECRETS.THETA_VIDEO_SA_SECRET,
    inferenceAuth: { user: "endpoint_user", pass: SECRETS.THETA_INFERENCE_AUTH_PASS },
  });
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

function assertNoSecrets(text: string) {
  for (const s of Object.values(SECRETS)) expect(text).not.toContain(s);
  // base64 of user:pass would leak the endpoint password too
  expect(text).not.toContain(
    Buffer.from(`endpoint_user:${SECRETS.THETA_INFERENCE_AUTH_PASS}`).toString("base64"),
  );
}

describe("dry run (THETA_DRY_RUN)", () => {
  const dry = () => h.runtimeWith({ THETA_DRY_RUN: "yes" });

  it("infer returns the exact request it would send, with the token redacted, and sends nothing", async () => {
    const r = await runOperation(dry(), "theta.ondemand.infer", {
      service: "flux",
      input: { prompt: "a red fox" },
    });
    expect(r.kind).toBe("dryRun");
    if (r.kind !== "dryRun") return;
    expect(r.request).toMatchObject({
      method: "POST",
      url: `${h.double.baseUrls.ondemand}/infer_request/flux`,
      body: { input: { prompt: "a red fox" } },
    });
    expect(r.request?.headers.authorization).toBe("Bearer [redacted]");
    expect(r.quote).toMatchObject({ source: "live", amount: 0.01 });
    expect(h.double.count("*", /infer_request/)).toBe(0);
    assertNoSecrets(JSON.stringify(r));
  });

  it.each([
    [
      "theta.deployments.create",
      { deployment_template_id: "img_abc", vm_id: "vm_gt1", auth_password: "hunter2-secret-pw" },
    ],
    ["theta.deployments.stop", { shard: 1, suffix: "abc123" }],
    ["theta.deployments.delete", { shard: 1, suffix: "abc123" }],
    ["theta.video.streamCreate", { name: "launch" }],
    ["theta.video.uploadCreate", {}],
    ["theta.ai.agent.create", { name: "helper" }],
    ["theta.ondemand.chat", { service: "gpt_oss_120b", messages: [{ role: "user", content: "hi" }] }],
    ["theta.inference.chat", { messages: [{ role: "user", content: "hi" }] }],
  ])("%s is previewed, not sent", async (name, input) => {
    const r = await runOperation(dry(), name, input);
    expect(r.kind).toBe("dryRun");
    const sentMutations = h.double.requests.filter((q) => q.method !== "GET");
    expect(sentMutations).toEqual([]);
    const text = JSON.stringify(r);
    assertNoSecrets(text);
    expect(text).not.toContain("hunter2-secret-pw");
  });

  it("read-only operations still run under dry run", async () => {
    const r = await runOperation(dry(), "theta.billing.balance", {});
    expect(r.kind).toBe("result");
    expect(h.double.count("GET", "/platform/balance")).toBe(1);
  });

  it("previews even without credentials and says which are missing", async () => {
    const rt = h.runtimeWith({ THETA_DRY_RUN: "1", THETA_ONDEMAND_API_TOKEN: undefined });
    const r = await runOperation(rt, "theta.ondemand.infer", { service: "flux", input: { prompt: "x" } });
    expect(r).toMatchObject({
      kind: "dryRun",
      missingCredentials: { ondemand: ["THETA_ONDEMAND_API_TOKEN"] },
    });
    expect(h.double.requests.filter((q) => q.method === "POST")).toEqual([]);
  });
});

describe("secrets never leak", () => {
  it("an upstream error echoing the key is redacted in message, JSON and logs", async () => {
    h.double.fault({
      path: "/controller/deployment/list",
      status: 400,
      body: `bad request: x-api-key=${SECRETS.THETA_EC_API_KEY} authorization: Bearer ${SECRETS.THETA_ONDEMAND_API_TOKEN}`,
    });
    const err = (await h.run("theta.deployments.list").catch((e) => e)) as BotError;
    expect(err).toBeInstanceOf(BotError);
    assertNoSecrets(err.message);
    assertNoSecrets(JSON.stringify(err.toJSON()));
    h.rt.logger.error({ err, headers: { "x-api-key": SECRETS.THETA_EC_API_KEY } }, `failed ${err.message}`);
    h.rt.logger.info({ note: `token is ${SECRETS.THETA_ONDEMAND_API_TOKEN}` }, "free text");
    await new Promise((r) => setTimeout(r, 20));
    const logs = h.logs.text();
    expect(logs).toContain("failed");
    assertNoSecrets(logs);
  });

  it("wrong credentials produce an error that names the fix, not the value", async () => {
    const rt = h.runtimeWith({ THETA_VIDEO_SA_SECRET: "tva_wrong_Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9P" });
    const err = (await runOperation(rt, "theta.video.list", {}).catch((e) => e)) as BotError;
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain("tva_wrong_Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9P");
    expect(err.message).toMatch(/theta.auth.capabilities/);
  });

  it("capabilities --verify reports per family without exposing any value", async () => {
    const r = (await h.run("theta.auth.capabilities", { verify: true })) as {
      capabilities: Array<{ name: string; configured: boolean; verified: boolean }>;
      summary: { verified: number; total: number };
    };
    expect(r.summary).toMatchObject({ verified: 5, total: 5 });
    assertNoSecrets(JSON.stringify(r));
  });
});

describe("credential scoping", () => {
  it("an operation that needs only the on-demand token runs with only that set", async () => {
    const rt = h.runtimeWith({
      THETA_EC_API_KEY: undefined,
      THETA_EC_PROJECT_ID: undefined,
      THETA_ORG_ID: undefined,
      THETA_VIDEO_SA_ID: undefined,
      THETA_VIDEO_SA_SECRET: undefined,
      THETA_INFERENCE_ENDPOINT: undefined,
    });
    const r = await runOperation(rt, "theta.ondemand.infer", { service: "flux", input: { prompt: "x" } });
    expect(r.kind).toBe("result");
    for (const q of h.double.requests) {
      expect(q.headers["x-api-key"]).toBeUndefined();
      expect(q.headers["x-tva-sa-secret"]).toBeUndefined();
    }
  });

  it("the controller key is never sent to the on-demand host, nor the token to the controller", async () => {
    await h.run("theta.ondemand.infer", { service: "flux", input: { prompt: "x" } });
    await h.run("theta.deployments.list");
    for (const q of h.double.requests) {
      if (q.family === "ondemand") expect(q.headers["x-api-key"]).toBeUndefined();
      if (q.family === "controller") expect(q.headers.authorization).toBeUndefined();
    }
  });

  it("a missing credential fails before any request, naming exactly the missing variables", async () => {
    const rt = h.runtimeWith({ THETA_EC_PROJECT_ID: undefined });
    const err = (await runOperation(rt, "theta.deployments.list", {}).catch((e) => e)) as BotError;
    expect(err.code).toBe("missing_credentials");
    expect(err.message).toContain("THETA_EC_PROJECT_ID");
    expect(err.message).not.toContain("THETA_EC_API_KEY");
    expect(err.message).toContain("theta.auth.capabilities");
    expect(h.double.requests).toEqual([]);
  });

  it("invalid input is refused with every zod issue and nothing is sent", async () => {
    const err = (await h
      .run("theta.ondemand.infer", { service: "Bad Name!", wait: 99 })
      .catch((e) => e)) as BotError;
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.message).toMatch(/service: /);
    expect(err.message).toMatch(/wait: /);
    expect(h.double.requests).toEqual([]);
  });
});
