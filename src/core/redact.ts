/**
 * Secret redaction. Two layers: known secret values (every credential the process has seen is
 * registered here) and patterns for anything that looks like a credential in free text.
 */
const known = new Set<string>();

/** Registers a secret value so that it is scrubbed from every message, log line and preview. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) known.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  // "Bot <token>" only as Discord writes it (capital B, a token-length value): "bot running" is prose.
  [/\bBot\s+[A-Za-z0-9._~+/=-]{20,}/g, "Bot [redacted]"],
  [
    /\b(x-api-key|x-tva-sa-secret|authorization|api[_-]?key|token|secret|password|auth_password|registry_password|signing[_-]?secret|client[_-]?secret|encryption[_-]?key)(["']?\s*[:=]\s*["']?)([^\s"',&}]{3,})/gi,
    "$1$2[redacted]",
  ],
  // Slack bot, user, app-level, refresh and configuration tokens.
  [/\bxox[abposre]-[A-Za-z0-9-]{10,}/g, "[redacted]"],
  [/\bxoxe\.xox[a-z]-[A-Za-z0-9-]{10,}/g, "[redacted]"],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, "[redacted]"],
  // Discord bot tokens: base64 user id . timestamp . HMAC.
  [/\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}/g, "[redacted]"],
  // Discord interaction tokens (base64 "interaction:…"), and the webhook / callback URLs that carry them.
  [/\baW50ZXJhY3Rpb246[A-Za-z0-9_-]+/g, "[redacted]"],
  [/(\/webhooks\/\d+\/)[^/\s"'?#]+/g, "$1[redacted]"],
  [/(\/interactions\/\d+\/)[^/\s"'?#]+/g, "$1[redacted]"],
  // Slack response_urls and incoming webhooks (hooks.slack.com/commands|actions|services/…), and
  // the same path on a Slack-compatible server (the test double's /response/<id>).
  [
    /(hooks\.slack(?:-gov)?\.com\/(?:commands|actions|services|workflows|triggers)\/)[^\s"'<>]+/gi,
    "$1[redacted]",
  ],
  [/(\/response\/)[A-Za-z0-9]{6,}/g, "$1[redacted]"],
  // Theta completion webhooks: /hooks/theta/<job>/<token> (the token lets a caller wake the job).
  [/(\/hooks\/theta\/[^/\s"'?#]+\/)[A-Za-z0-9_-]{32}/g, "$1[redacted]"],
  // Credentials in any URL (https://user:pass@…, redis://default:pass@…).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]+@/gi, "$1[redacted]@"],
];

export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
    // Stryker disable next-line ConditionalExpression: equivalent, splitting on an absent secret changes nothing (the check saves the copy)
    if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
  return out;
}

/** Whitespace-collapsed, redacted, truncated text for error messages. */
export function cleanMessage(text: string, max = 280): string {
  const collapsed = redact(text).replace(/\s+/g, " ").trim();
  return collapsed.length > max ? `${collapsed.slice(0, max - 1)}…` : collapsed;
}

const SECRET_HEADER = /^(authorization|x-api-key|x-tva-sa-secret|x-tva-sa-id|cookie|x-auth-token)$/i;
const SECRET_FIELD =
  /(password|secret|token|api[_-]?key|stream[_-]?key|authorization|response[_-]?url|encryption[_-]?key)$/i;

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(k)) out[k] = redact(v);
    else {
      // Keep only an auth scheme ("Bearer [redacted]"); a value without one is hidden whole.
      const scheme = k.toLowerCase() === "authorization" ? /^(\w+)\s/.exec(v) : null;
      out[k] = scheme ? `${scheme[1]} [redacted]` : "[redacted]";
    }
  }
  return out;
}

/**
 * Deep copy of a JSON-like value with secret-named fields and known secret values scrubbed. Also
 * safe on what library errors carry (for logs): cycles become "[circular]", binary data a size,
 * dates their ISO string.
 */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (depth > 20) return "[…]";
  if (typeof value === "string") return redact(value);
  if (!value || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary, ${value.byteLength} bytes]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] =
      SECRET_FIELD.test(k) && v !== null && v !== undefined && v !== ""
        ? "[redacted]"
        : redactValue(v, depth + 1, seen);
  }
  return out;
}
