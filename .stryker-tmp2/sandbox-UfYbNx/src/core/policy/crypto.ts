/**
 * Tenant credentials at rest: AES-256-GCM with a random 12-byte IV and a 16-byte tag. The output
 * is one compact, versioned string: `v1.<iv>.<tag>.<ciphertext>` (base64url). The AAD binds a
 * ciphertext to where it is stored (tenant + family), so a record copied under another key fails
 * to open.
 */
// @ts-nocheck

import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { BotError, configError } from "../errors.js";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

function checkKey(key: Buffer): Buffer {
  if (!Buffer.isBuffer(key) || key.length !== 32) {
    throw configError(
      "encryption_key_invalid",
      "BOT_ENCRYPTION_KEY must be 32 random bytes (e.g. `openssl rand -base64 32`).",
    );
  }
  return key;
}

/** The refusal for anything that does not open: tampered, moved, truncated or sealed with another key. */
export function tamperError(cause?: unknown): BotError {
  return new BotError({
    code: "credentials_tamper",
    family: "config",
    message:
      "Stored credentials could not be decrypted: they were altered, copied from another server or workspace, " +
      "or BOT_ENCRYPTION_KEY changed. A server admin can set them again with /theta setup.",
    cause,
  });
}

/** Encrypts `plaintext`, bound to `aad`. Every call uses a fresh IV, so equal inputs seal differently. */
export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", checkKey(key), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

/** Decrypts what `seal` produced with the same key and AAD; anything else is `credentials_tamper`. */
export function open(key: Buffer, sealed: string, aad: string): string {
  checkKey(key);
  const parts = typeof sealed === "string" ? sealed.split(".") : [];
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => B64URL.test(p))) {
    throw tamperError();
  }
  const iv = Buffer.from(parts[1]!, "base64url");
  const tag = Buffer.from(parts[2]!, "base64url");
  const ct = Buffer.from(parts[3]!, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw tamperError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch (cause) {
    throw tamperError(cause);
  }
}
