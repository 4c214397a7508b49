// @ts-nocheck
import { describe, expect, it } from "vitest";
import { open, seal } from "../../src/core/policy/index.js";
import { newKey, throws } from "./helpers.js";

const AAD = "creds:discord:111:ondemand";

describe("seal / open", () => {
  it("round-trips, and the sealed form is versioned and hides the plaintext", () => {
    const key = newKey();
    const secret = "tok_super-secret-value-123";
    const sealed = seal(key, secret, AAD);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(open(key, sealed, AAD)).toBe(secret);
    // A fresh IV every time: the same secret never seals to the same text.
    expect(seal(key, secret, AAD)).not.toBe(sealed);
  });

  it("refuses a tampered ciphertext, tag or IV with credentials_tamper", () => {
    const key = newKey();
    const sealed = seal(key, "hello secret", AAD);
    const [v, iv, tag, ct] = sealed.split(".") as [string, string, string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const bad of [
      [v, iv, tag, flip(ct)],
      [v, iv, flip(tag), ct],
      [v, flip(iv), tag, ct],
      ["v2", iv, tag, ct],
      [v, iv, tag],
    ]) {
      throws(() => open(key, bad.join("."), AAD), "credentials_tamper", "config");
    }
    throws(() => open(key, "not sealed at all", AAD), "credentials_tamper");
  });

  it("refuses another key (e.g. BOT_ENCRYPTION_KEY was rotated) and tells the admin to set them again", () => {
    const sealed = seal(newKey(), "hello secret", AAD);
    const err = throws(() => open(newKey(), sealed, AAD), "credentials_tamper", "config");
    expect(err.message).toContain("/theta setup");
  });

  it("refuses a record moved to another tenant's key (AAD mismatch)", () => {
    const key = newKey();
    const sealed = seal(key, "guild A secret", "creds:discord:111:ondemand");
    throws(() => open(key, sealed, "creds:discord:222:ondemand"), "credentials_tamper");
    throws(() => open(key, sealed, "creds:slack:111:ondemand"), "credentials_tamper");
    throws(() => open(key, sealed, "creds:discord:111:video"), "credentials_tamper");
  });

  it("refuses a key that is not 32 bytes", () => {
    throws(() => seal(Buffer.alloc(16), "x", AAD), "encryption_key_invalid", "config");
  });
});
