/**
 * Secret redaction. Two layers: known secret values (every credential the process has seen is
 * registered here) and patterns for anything that looks like a credential in free text.
 */
// @ts-nocheck

const known = new Set<string>();

/** Registers a secret value so that it is scrubbed from every message, log line and preview. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) known.add(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, "$1 [redacted]"],
  [
    /\b(x-api-key|x-tva-sa-secret|authorization|api[_-]?key|token|secret|password|auth_password|registry_password)(["']?\s*[:=]\s*["']?)([^\s"',&}]{3,})/gi,
    "$1$2[redacted]",
  ],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, "[redacted]"],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, "[redacted]"],
  [/\b[MN][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}/g, "[redacted]"],
  [/(https?:\/\/)[^/\s:@]+:[^/\s@]+@/gi, "$1[redacted]@"],
];

export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
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
const SECRET_FIELD = /(password|secret|token|api[_-]?key|stream[_-]?key|authorization)$/i;

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

/** Deep copy of a JSON-like value with secret-named fields and known secret values scrubbed. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20) return "[…]";
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] =
        SECRET_FIELD.test(k) && v !== null && v !== undefined && v !== ""
          ? "[redacted]"
          : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
