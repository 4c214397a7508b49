// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { runOperation } from "../../src/core/operations/runner.js";
import { guardEndpoint } from "../../src/core/theta/endpoint-guard.js";
import { DEDICATED_MODEL } from "../doubles/theta/index.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

describe("dedicated endpoint operations", () => {
  it("models lists the served model with Basic auth", async () => {
    const r = (await h.run("theta.inference.models")) as { data: Array<{ id: string }> };
    expect(r.data[0]?.id).toBe(DEDICATED_MODEL);
    const auth = h.double.requests.at(-1)!.headers.authorization!;
    expect(auth).toMatch(/^Basic /);
  });

  it("a Bearer token wins over Basic credentials when both are set", async () => {
    const tok = await startHarness({ inferenceAuth: { token: "ep_token_abcdef123456" } });
    try {
      const rt = tok.runtimeWith({
        THETA_INFERENCE_AUTH_USER: "someone",
        THETA_INFERENCE_AUTH_PASS: "other",
      });
      await runOperation(rt, "theta.inference.models", {});
      expect(tok.double.requests.at(-1)!.headers.authorization).toBe("Bearer ep_token_abcdef123456");
    } finally {
      await tok.double.close();
    }
  });

  it("chat fills the model from /v1/models and forces stream:false", async () => {
    const r = (await h.run("theta.inference.chat", {
      messages: [{ role: "user", content: "ping pong" }],
    })) as { text: string };
    expect(r.text).toContain("ping pong");
    const post = h.double.requests.find((q) => q.method === "POST")!;
    expect(post.body).toMatchObject({ model: DEDICATED_MODEL, stream: false });
  });

  it("ready retries 404 → 502 warm-up with auth and reports the sequence", async () => {
    h.double.setWarmup([404, 502, 503]);
    const r = (await h.run("theta.inference.ready", { intervalMs: 100, timeoutMs: 5000 })) as {
      ready: boolean;
      statuses: number[];
      attempts: number;
    };
    expect(r).toMatchObject({ ready: true, statuses: [404, 502, 503], attempts: 4 });
    const probes = h.double.requests.filter((q) => q.path === "/dedicated/v1/models");
    expect(probes.every((q) => q.headers.authorization?.startsWith("Basic "))).toBe(true);
  });

  it("ready gives up at the window's end with a typed, retriable error", async () => {
    h.double.setWarmup(Array(100).fill(502));
    await expect(h.run("theta.inference.ready", { intervalMs: 200, timeoutMs: 1000 })).rejects.toMatchObject({
      code: "theta_endpoint_unready",
      retriable: true,
    });
  });

  it("ready fails at once on rejected credentials (no warm-up seen)", async () => {
    const rt = h.runtimeWith({ THETA_INFERENCE_AUTH_PASS: "wrong-password-123" });
    await expect(
      runOperation(rt, "theta.inference.ready", { intervalMs: 100, timeoutMs: 5000 }),
    ).rejects.toMatchObject({
      code: "theta_unauthorized",
    });
    expect(h.double.count("GET", "/dedicated/v1/models")).toBe(1);
  });

  it("gradio probe uses /config", async () => {
    const r = (await h.run("theta.inference.ready", {
      probe: "gradio",
      intervalMs: 100,
      timeoutMs: 2000,
    })) as { ready: boolean };
    expect(r.ready).toBe(true);
    expect(h.double.count("GET", "/dedicated/config")).toBe(1);
  });

  it("a per-call endpoint from input is refused before anything is sent", async () => {
    await expect(
      h.run("theta.inference.chat", {
        endpoint: "https://evil.example.com",
        messages: [{ role: "user", content: "x" }],
      }),
    ).rejects.toMatchObject({ code: "ENDPOINT_OVERRIDE_DISABLED" });
    expect(h.double.requests).toEqual([]);
  });

  it("without THETA_ALLOW_LOCAL_ENDPOINTS a local endpoint is refused with a config error", async () => {
    const rt = h.runtimeWith({ THETA_ALLOW_LOCAL_ENDPOINTS: undefined });
    await expect(runOperation(rt, "theta.inference.models", {})).rejects.toMatchObject({
      code: "INVALID_INFERENCE_ENDPOINT",
      family: "config",
    });
    expect(h.double.requests).toEqual([]);
  });
});

describe("endpoint guard", () => {
  it.each([
    ["http://x.thetaedgecloud.com", /https/],
    ["https://user:pw@x.thetaedgecloud.com", /credentials/],
    ["https://127.0.0.1", /loopback or private/],
    ["https://10.1.2.3", /loopback or private/],
    ["https://192.168.1.1", /loopback or private/],
    ["https://172.20.0.1", /loopback or private/],
    ["https://169.254.169.254", /loopback or private/],
    ["https://[::1]", /loopback or private/],
    ["https://localhost", /loopback or private/],
    ["https://evil.com", /not a Theta EdgeCloud host/],
    ["https://thetaedgecloud.com.evil.com", /not a Theta EdgeCloud host/],
    ["not a url", /absolute https/],
  ])("refuses %s", (url, why) => {
    expect(() => guardEndpoint(url, false)).toThrow(why);
  });

  it.each(["https://abc.thetaedgecloud.com/", "https://d-1.gpu.onthetaedgecloud.com"])(
    "accepts %s",
    (url) => {
      expect(guardEndpoint(url, false)).toBe(url.replace(/\/$/, ""));
    },
  );

  it("the operator switch lifts host rules but still refuses embedded credentials", () => {
    expect(guardEndpoint("http://127.0.0.1:8080/", true)).toBe("http://127.0.0.1:8080");
    expect(() => guardEndpoint("http://u:p@127.0.0.1", true)).toThrow(/credentials/);
  });

  it("THETA_ALLOW_LOCAL_ENDPOINTS is parsed as a boolean", () => {
    expect(loadConfig({ THETA_ALLOW_LOCAL_ENDPOINTS: "on" }).allowLocalEndpoints).toBe(true);
  });
});
