// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { runOperation } from "../../src/core/operations/runner.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

const balance = (rt = h.rt) => runOperation(rt, "theta.billing.balance", {});
const infer = (rt = h.rt) =>
  runOperation(rt, "theta.ondemand.infer", { service: "flux", input: { prompt: "fox" } });

describe("transport", () => {
  it("sends browser-like User-Agent and Accept headers (Cloudflare rejects others)", async () => {
    await balance();
    const req = h.double.requests.at(-1)!;
    expect(req.headers["user-agent"]).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
    expect(req.headers.accept).toBe("application/json, text/plain, */*");
  });

  it("retries a safe GET on 503 with backoff and succeeds", async () => {
    h.double.fault({ path: "/platform/balance", status: 503, times: 2 });
    const r = await balance();
    expect(r.kind).toBe("result");
    expect(h.double.count("GET", "/platform/balance")).toBe(3);
  });

  it("gives up after THETA_HTTP_MAX_RETRIES and reports a retriable upstream error", async () => {
    h.double.fault({ path: "/platform/balance", status: 502 });
    const rt = h.runtimeWith({ THETA_HTTP_MAX_RETRIES: "1" });
    await expect(balance(rt)).rejects.toMatchObject({
      code: "theta_upstream_error",
      status: 502,
      retriable: true,
    });
    expect(h.double.count("GET", "/platform/balance")).toBe(2);
  });

  it("honours Retry-After on 429 before retrying", async () => {
    h.double.fault({ path: "/platform/balance", status: 429, headers: { "retry-after": "1" }, times: 1 });
    const started = Date.now();
    await balance();
    const times = h.double.requests.filter((r) => r.path === "/platform/balance").map((r) => r.time);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("a Retry-After longer than the transport will wait becomes a typed rate-limit error with the delay", async () => {
    h.double.fault({ path: "/platform/balance", status: 429, headers: { "retry-after": "120" } });
    await expect(balance()).rejects.toMatchObject({
      code: "theta_rate_limited",
      retryAfterSeconds: 120,
      retriable: true,
    });
    expect(h.double.count("GET", "/platform/balance")).toBe(1);
  });

  it("times out a hanging request per attempt and retries a GET", async () => {
    h.double.fault({ path: "/platform/balance", hang: true, times: 1 });
    const rt = h.runtimeWith({ THETA_HTTP_TIMEOUT_MS: "1000" });
    const r = await balance(rt);
    expect(r.kind).toBe("result");
    expect(h.double.count("GET", "/platform/balance")).toBe(2);
  });

  it("never retries the paid infer POST after a 5xx: one submit, a clear error", async () => {
    h.double.fault({ method: "POST", path: "/ondemand/infer_request/flux", status: 502 });
    await expect(infer()).rejects.toMatchObject({ code: "theta_upstream_error", status: 502 });
    expect(h.double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("never retries the paid infer POST after a timeout, and says it may have been accepted", async () => {
    h.double.fault({ method: "POST", path: "/ondemand/infer_request/flux", delayAfterHandleMs: 3000 });
    const rt = h.runtimeWith({ THETA_HTTP_TIMEOUT_MS: "1000" });
    // The infer route floors its timeout for LLM inputs only; an image request uses the plain timeout.
    const err = await infer(rt).catch((e) => e);
    expect(err).toBeInstanceOf(BotError);
    expect(err.code).toBe("theta_timeout");
    expect(err.message).toMatch(/may still have been accepted/);
    expect(h.double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("does repeat a paid POST that was refused with 429 (nothing was accepted)", async () => {
    h.double.fault({
      method: "POST",
      path: "/ondemand/infer_request/flux",
      status: 429,
      headers: { "retry-after": "0" },
      times: 1,
    });
    const r = await infer();
    expect(r.kind).toBe("result");
    expect(h.double.count("POST", "/ondemand/infer_request/flux")).toBe(2);
  });

  it("turns 409 'No instances available' into a capacity error marked retriable, without retrying", async () => {
    h.double.fault({ method: "POST", path: "/ondemand/infer_request/flux", status: 409, envelope: "string" });
    const err = await infer().catch((e) => e);
    expect(err).toMatchObject({ code: "theta_capacity", status: 409, retriable: true, family: "ondemand" });
    expect(err.message).toMatch(/^Temporary Theta on-demand capacity exhaustion: No instances available/);
    expect(h.double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it.each(["string", "object"] as const)(
    "reads the message of the %s error-envelope variant",
    async (envelope) => {
      h.double.fault({ path: "/platform/balance", status: 400, envelope, body: "10 minute quota reached" });
      await expect(balance()).rejects.toMatchObject({
        code: "theta_bad_request",
        message: expect.stringContaining("10 minute quota reached"),
      });
    },
  );

  it("reports a malformed JSON body as theta_bad_response", async () => {
    h.double.fault({ path: "/platform/balance", malformed: true });
    await expect(balance()).rejects.toMatchObject({ code: "theta_bad_response", family: "platform" });
  });

  it("reports a body that lacks the fields the bot relies on, naming the path", async () => {
    h.double.fault({
      path: "/platform/balance",
      status: 200,
      body: { status: "success", body: { nope: 1 } },
    });
    await expect(balance()).rejects.toMatchObject({
      code: "theta_bad_response",
      message: expect.stringContaining("balances"),
    });
  });

  it("a connection refused is a retriable network error naming the route", async () => {
    const rt = h.runtimeWith({ THETA_PLATFORM_BASE_URL: "http://127.0.0.1:1", THETA_HTTP_MAX_RETRIES: "0" });
    await expect(balance(rt)).rejects.toMatchObject({
      code: "theta_network_error",
      retriable: true,
      message: expect.stringContaining("GET /balance"),
    });
  });

  it("error messages are whitespace-collapsed and truncated", async () => {
    const long = `line one\n\n   line two ${"x".repeat(800)}`;
    h.double.fault({ path: "/platform/balance", status: 400, body: long });
    const err = (await balance().catch((e) => e)) as BotError;
    expect(err.message).not.toMatch(/\n|\s{2,}/);
    expect(err.message.length).toBeLessThanOrEqual(400);
    expect(err.message).toContain("line one line two");
  });
});
