import type { BotError } from "../errors.js";
import { redact } from "../redact.js";
import { storeError, typeError, WRONG_KIND } from "./state-store.js";

/**
 * Compare-and-set. KEYS[1] is the value's key, KEYS[2..n] sorted sets to write when the swap
 * happens. ARGV: hasExpected ("0" = expect absent), expected, hasNext ("0" = delete), next, ttl ms
 * ("" = keep the current expiry; KEEPTTL needs Redis >= 6.0), then per index key a score ("" =
 * remove) and a member. If an index write fails (WRONGTYPE) the value is left (or put back) as it
 * was and the error is the reply. A create is one SET NX, not a GET and a SET; a key already held
 * is read only then, so a hash under it raises WRONGTYPE (store_type_error) as GET does for a swap.
 */
export const CAS_LUA = `
local function index()
  for i = 2, #KEYS do
    local score, member = ARGV[2 * i + 2], ARGV[2 * i + 3]
    local r
    if score == '' then
      r = redis.pcall('ZREM', KEYS[i], member)
    else
      r = redis.pcall('ZADD', KEYS[i], score, member)
    end
    if type(r) == 'table' and r.err then return r end
  end
  return nil
end
if ARGV[1] == '0' and ARGV[3] == '1' then
  local created
  if ARGV[5] == '' then
    created = redis.call('SET', KEYS[1], ARGV[4], 'NX')
  else
    created = redis.call('SET', KEYS[1], ARGV[4], 'NX', 'PX', ARGV[5])
  end
  if not created then
    redis.call('GET', KEYS[1])
    return 0
  end
  local failed = index()
  if failed then
    redis.call('DEL', KEYS[1])
    return failed
  end
  return 1
end
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur ~= ARGV[2] then return 0 end
elseif cur then
  return 0
end
local failed = index()
if failed then return failed end
if ARGV[3] == '0' then
  redis.call('DEL', KEYS[1])
elseif ARGV[5] == '' then
  redis.call('SET', KEYS[1], ARGV[4], 'KEEPTTL')
else
  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
end
return 1
`;

/** "host:port" for messages (never the credentials) and the password to register for redaction. */
export function describeRedis(url: string): { where: string; password: string | undefined } {
  try {
    const u = new URL(url);
    const host = u.hostname || "127.0.0.1";
    const password = u.password ? decodeURIComponent(u.password) : undefined;
    return { where: `${host}:${u.port || "6379"}`, password };
  } catch {
    return { where: "the configured address", password: undefined };
  }
}

const TYPE_ERRORS: Array<[RegExp, string]> = [
  [/WRONGTYPE/, WRONG_KIND],
  [/not an integer/i, "does not hold an integer"],
  [/not a (valid )?float/i, "does not hold a number"],
  [/overflow|NaN or Infinity/i, "would overflow"],
];

const TRANSIENT = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|CLUSTERDOWN)\b/;

/** Maps an ioredis failure to a BotError: type mismatch, auth, refusal or Redis being unreachable. */
export function mapRedisError(err: unknown, key: string | null, where: string): BotError {
  const message = err instanceof Error ? err.message : String(err);
  const isReply = err instanceof Error && err.name === "ReplyError";
  if (isReply) {
    for (const [re, what] of TYPE_ERRORS) {
      if (re.test(message)) return typeError(key ?? "?", what);
    }
    if (/NOAUTH|WRONGPASS|NOPERM/.test(message)) {
      return storeError("store_auth_failed", `Redis at ${where} refused the credentials in REDIS_URL.`, {
        cause: err,
      });
    }
    if (!TRANSIENT.test(message)) {
      return storeError("store_error", `Redis at ${where} refused the command: ${message}`, { cause: err });
    }
  }
  return storeError("store_unavailable", `Redis at ${where} is not answering; try again shortly.`, {
    retriable: true,
    details: { where, reason: redact(message) },
    cause: err,
  });
}
