// @ts-nocheck
import { describe, expect, it } from "vitest";
import { DEFAULT_HOSTS, loadConfig } from "../../src/config.js";
import type { BotError } from "../../src/core/errors.js";

describe("config", () => {
  it("defaults to the real Theta hosts and documented HTTP settings", () => {
    const c = loadConfig({});
    expect(c.baseUrls).toEqual(DEFAULT_HOSTS);
    expect(c.http).toEqual({ timeoutMs: 20_000, maxRetries: 2, retryBackoffMs: 250 });
    expect(c.dryRun).toBe(false);
    expect(Object.isFrozen(c) && Object.isFrozen(c.http)).toBe(true);
  });

  it.each([
    ["1", true],
    ["true", true],
    ["YES", true],
    ["on", true],
    ["0", false],
    ["false", false],
    ["no", false],
    ["off", false],
  ])("THETA_DRY_RUN=%s → %s", (v, want) => {
    expect(loadConfig({ THETA_DRY_RUN: v }).dryRun).toBe(want);
  });

  it("Q&A settings: documented defaults, clamping, and a clear error for a bad price unit", () => {
    expect(loadConfig({}).qa).toEqual({
      knowledgeDir: undefined,
      userPerMinute: 5,
      tenantPerMinute: 30,
      maxTokens: 800,
      threadTokens: 2000,
      streamEditMs: 1500,
      priceUnitUsd: 0.01,
    });
    const c = loadConfig({ KNOWLEDGE_DIR: " ./kb ", QA_STREAM_EDIT_MS: "5", QA_PRICE_UNIT_USD: "1" });
    expect(c.qa).toMatchObject({ knowledgeDir: "./kb", streamEditMs: 100, priceUnitUsd: 1 });
    expect(() => loadConfig({ QA_PRICE_UNIT_USD: "-1" })).toThrow(
      /QA_PRICE_UNIT_USD: must be a non-negative number of US dollars, got "-1"/,
    );
  });

  it("clamps out-of-range numbers to the documented ranges", () => {
    const c = loadConfig({
      THETA_HTTP_TIMEOUT_MS: "5",
      THETA_HTTP_MAX_RETRIES: "99",
      THETA_HTTP_RETRY_BACKOFF_MS: "1",
    });
    expect(c.http).toEqual({ timeoutMs: 1000, maxRetries: 6, retryBackoffMs: 25 });
  });

  it("fails once, listing every bad variable and why", () => {
    let err: BotError | undefined;
    try {
      loadConfig({
        THETA_DRY_RUN: "maybe",
        THETA_HTTP_TIMEOUT_MS: "soon",
        THETA_EC_PROJECT_ID: "project-1",
        THETA_CONTROLLER_BASE_URL: "ftp://x",
        REDIS_URL: "localhost:6379",
      });
    } catch (e) {
      err = e as BotError;
    }
    expect(err?.code).toBe("CONFIG_INVALID");
    for (const v of [
      "THETA_DRY_RUN",
      "THETA_HTTP_TIMEOUT_MS",
      "THETA_EC_PROJECT_ID",
      "THETA_CONTROLLER_BASE_URL",
      "REDIS_URL",
    ]) {
      expect(err?.message).toContain(v);
    }
    expect(err?.message).toMatch(/must be one of 1\/true/);
  });

  it("accepts THETA_API_BASE_URL for the on-demand host, THETA_ONDEMAND_API_BASE_URL winning", () => {
    expect(loadConfig({ THETA_API_BASE_URL: "http://a.test/" }).baseUrls.ondemand).toBe("http://a.test");
    expect(
      loadConfig({ THETA_API_BASE_URL: "http://a.test", THETA_ONDEMAND_API_BASE_URL: "http://b.test" })
        .baseUrls.ondemand,
    ).toBe("http://b.test");
  });

  it("resolves the on-demand token in documented precedence", () => {
    expect(loadConfig({ THETA_API_KEY: "c", THETA_ONDEMAND_API_KEY: "b" }).credentials.ondemand).toEqual({
      token: "b",
      source: "THETA_ONDEMAND_API_KEY",
    });
    expect(loadConfig({ THETA_API_KEY: "c", THETA_ONDEMAND_API_TOKEN: "a" }).credentials.ondemand.token).toBe(
      "a",
    );
  });

  it("refuses base URLs with embedded credentials and output hosts with a scheme", () => {
    expect(() => loadConfig({ THETA_VIDEO_API_BASE_URL: "https://u:p@x.test" })).toThrow(/credentials/);
    expect(() => loadConfig({ THETA_OUTPUT_HOSTS: "http://cdn.test" })).toThrow(/host names only/);
    expect(loadConfig({ THETA_OUTPUT_HOSTS: "cdn.test, 127.0.0.1" }).outputHosts).toEqual([
      "cdn.test",
      "127.0.0.1",
    ]);
  });
});
