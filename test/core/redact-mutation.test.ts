import { describe, expect, it } from "vitest";
import { cleanMessage, redact, redactHeaders, redactValue, registerSecret } from "../../src/core/redact.js";

/** What an operator would read in a log line: each secret class is gone, everything else stays. */
describe("redact: known secret values", () => {
  it("scrubs every occurrence of a registered value, and nothing shorter than 4 characters is registered", () => {
    registerSecret("k9Zq-registered-value-1");
    expect(redact("a k9Zq-registered-value-1 b k9Zq-registered-value-1")).toBe("a [redacted] b [redacted]");
    registerSecret("Qz7");
    expect(redact("code Qz7 stays")).toBe("code Qz7 stays");
    registerSecret("Wq8x");
    expect(redact("code Wq8x goes")).toBe("code [redacted] goes");
    registerSecret(undefined);
    registerSecret(null);
    registerSecret("");
    expect(redact("plain text")).toBe("plain text");
  });
});

describe("redact: patterns in free text", () => {
  it.each([
    ["sent Bearer abc.DEF_123-~+/= on", "sent Bearer [redacted] on"],
    ["sent bearer abcd1234 upstream", "sent bearer [redacted] upstream"],
    ["Basic dXNlcjpwYXNz", "Basic [redacted]"],
    ["x-api-key: key-1234", "x-api-key: [redacted]"],
    ["X-TVA-SA-SECRET=sec123", "X-TVA-SA-SECRET=[redacted]"],
    ['{"apiKey":"abc123"}', '{"apiKey":"[redacted]"}'],
    ["api_key='zzz999'", "api_key='[redacted]'"],
    ["api-key = qqq111", "api-key = [redacted]"],
    ["token=abcdef&next=1", "token=[redacted]&next=1"],
    ["secret: s3cr3t, more", "secret: [redacted], more"],
    ["password=hunter22}", "password=[redacted]}"],
    ["auth_password=pw12345", "auth_password=[redacted]"],
    ["registry_password: rp12345", "registry_password: [redacted]"],
    ["bot xoxb-1234567890-abcdef here", "bot [redacted] here"],
    ["user xoxp-1234567890-ABCDEF", "user [redacted]"],
    ["app xapp-1-A0123456789-abc", "app [redacted]"],
    ["discord MTAxMjM0NTY3ODkwMTIzNDU2.GhIjKl.abcdefghijklmnopqrstuvwxyz0123 end", "discord [redacted] end"],
    ["fetch https://user:pa55@host.example/x", "fetch https://[redacted]@host.example/x"],
    ["fetch HTTP://u:p@h/x", "fetch HTTP://[redacted]@h/x"],
  ])("%s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it("leaves look-alikes that are not credentials alone", () => {
    for (const text of [
      "Bearer abc",
      "token=ab",
      "token is missing",
      "xoxb-short",
      "xapp-short",
      "see https://host.example/path@x",
      "MTAxMjM0NTY3.GhIjKl.abc",
      "my_token_bucket",
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it("redacts every match on a line, not only the first", () => {
    expect(
      redact("token=aaaa token=bbbb Bearer cccccccc Bearer dddddddd xoxb-1234567890-a xoxb-1234567890-b"),
    ).toBe("token=[redacted] token=[redacted] Bearer [redacted] Bearer [redacted] [redacted] [redacted]");
    expect(redact("xapp-1-aaaaaaaaaaaa xapp-1-bbbbbbbbbbbb https://a:b@x https://c:d@y")).toBe(
      "[redacted] [redacted] https://[redacted]@x https://[redacted]@y",
    );
    const bot = "MTAxMjM0NTY3ODkwMTIzNDU2.GhIjKl.abcdefghijklmnopqrstuvwxyz0123";
    expect(redact(`${bot} ${bot}`)).toBe("[redacted] [redacted]");
  });
});

describe("cleanMessage", () => {
  it("redacts, collapses whitespace and trims", () => {
    expect(cleanMessage("  upstream\n\n said:\t token=abc123  ")).toBe("upstream said: token=[redacted]");
  });

  it("keeps a message of exactly the limit and cuts a longer one to the limit with an ellipsis", () => {
    expect(cleanMessage("abcde", 5)).toBe("abcde");
    expect(cleanMessage("abcdef", 5)).toBe("abcd…");
    expect(cleanMessage("x".repeat(300))).toBe(`${"x".repeat(279)}…`);
    expect(cleanMessage("x".repeat(280))).toBe("x".repeat(280));
  });
});

describe("redactHeaders", () => {
  it("keeps the auth scheme, hides whole secret headers, and scrubs the others by pattern", () => {
    expect(
      redactHeaders({
        Authorization: "Bearer tok-123456",
        "X-Api-Key": "key-999",
        "x-tva-sa-secret": "s",
        "X-TVA-SA-ID": "srvacc_1",
        Cookie: "sid=1",
        "x-auth-token": "t",
        "content-type": "application/json",
        "x-note": "password=abc123",
        "x-api-key-hint": "visible",
      }),
    ).toEqual({
      Authorization: "Bearer [redacted]",
      "X-Api-Key": "[redacted]",
      "x-tva-sa-secret": "[redacted]",
      "X-TVA-SA-ID": "[redacted]",
      Cookie: "[redacted]",
      "x-auth-token": "[redacted]",
      "content-type": "application/json",
      "x-note": "password=[redacted]",
      "x-api-key-hint": "visible",
    });
  });

  it("an authorization value without a scheme, or spanning lines, is hidden whole, never echoed", () => {
    expect(redactHeaders({ authorization: "rawtoken123" })).toEqual({ authorization: "[redacted]" });
    expect(redactHeaders({ Authorization: "!!tok secret-1" })).toEqual({ Authorization: "[redacted]" });
    expect(redactHeaders({ authorization: "Bearer abc\nxyz-secret" })).toEqual({
      authorization: "Bearer [redacted]",
    });
    expect(redactHeaders({ "x-api-key": "Bearer abc" })).toEqual({ "x-api-key": "[redacted]" });
  });

  it("an authorization-like header that is not a secret header is scrubbed by pattern", () => {
    expect(redactHeaders({ authorization: "Basic dXNlcjpwYXNz" })).toEqual({
      authorization: "Basic [redacted]",
    });
    expect(redactHeaders({ "proxy-authorization": "Bearer abcdefgh" })).toEqual({
      "proxy-authorization": "Bearer [redacted]",
    });
  });
});

describe("redactValue", () => {
  it("replaces non-empty secret-named fields at any depth, and keeps empty ones and other fields", () => {
    expect(
      redactValue({
        name: "job",
        apiKey: "k1",
        api_key: "k2",
        "api-key": "k3",
        streamKey: "s1",
        stream_key: "s2",
        password: "p",
        clientSecret: 7,
        authorization: { a: 1 },
        token: "",
        refreshToken: null,
        secret: undefined,
        tokenCount: 12,
        nested: [{ saSecret: "zz", note: "Bearer abcdefgh" }, "token=qwerty"],
      }),
    ).toEqual({
      name: "job",
      apiKey: "[redacted]",
      api_key: "[redacted]",
      "api-key": "[redacted]",
      streamKey: "[redacted]",
      stream_key: "[redacted]",
      password: "[redacted]",
      clientSecret: "[redacted]",
      authorization: "[redacted]",
      token: "",
      refreshToken: null,
      secret: undefined,
      tokenCount: 12,
      nested: [{ saSecret: "[redacted]", note: "Bearer [redacted]" }, "token=[redacted]"],
    });
  });

  it("returns numbers, booleans and null as they are, and cuts off past 20 levels", () => {
    expect(redactValue(5)).toBe(5);
    expect(redactValue(false)).toBe(false);
    expect(redactValue(null)).toBe(null);
    let deep: unknown = "Bearer abcdefgh";
    for (let i = 0; i < 20; i++) deep = [deep];
    let out = redactValue(deep);
    for (let i = 0; i < 20; i++) out = (out as unknown[])[0];
    expect(out).toBe("Bearer [redacted]");
    let deepList: unknown = "x";
    for (let i = 0; i < 21; i++) deepList = [deepList];
    let cutList = redactValue(deepList);
    for (let i = 0; i < 21; i++) cutList = (cutList as unknown[])[0];
    expect(cutList).toBe("[…]");
    let deeper: unknown = "x";
    for (let i = 0; i < 21; i++) deeper = { a: deeper };
    let cut = redactValue(deeper);
    for (let i = 0; i < 21; i++) cut = (cut as { a: unknown }).a;
    expect(cut).toBe("[…]");
  });

  it("binary data is summarised by size, never dumped (a buffer of secrets must not reach a log byte by byte)", () => {
    expect(redactValue(Buffer.from("Bearer abcdefgh"))).toBe("[binary, 15 bytes]");
    expect(redactValue(new Uint8Array(4))).toBe("[binary, 4 bytes]");
    expect(redactValue(new ArrayBuffer(7))).toBe("[binary, 7 bytes]");
    expect(redactValue({ body: new ArrayBuffer(2) })).toEqual({ body: "[binary, 2 bytes]" });
  });

  it("dates are logged as ISO strings (an invalid one says so), and a circular object is cut, not followed", () => {
    expect(redactValue(new Date("2026-12-01T12:00:00Z"))).toBe("2026-12-01T12:00:00.000Z");
    expect(redactValue(new Date("not a date"))).toBe("Invalid Date");
    const loop: Record<string, unknown> = { name: "job" };
    loop.self = loop;
    expect(redactValue(loop)).toEqual({ name: "job", self: "[circular]" });
  });
});
