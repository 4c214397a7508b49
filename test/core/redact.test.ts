import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger.js";
import { redact, registerSecret } from "../../src/core/redact.js";

// Made-up values in each secret class's real format.
const DISCORD_BOT = `MTAxMjM0NTY3ODkwMTIzNDU2Nzg.GhIjKl.${"a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9"}`;
const INTERACTION = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldFRva2VuVmFsdWU`;
const OPAQUE_TOKEN = "Zx9qWv3LmN8pRt5KjH2gFd7SaQ1wEr6T";
const SAMPLES: Array<[string, string, string]> = [
  ["Discord bot token", `login with ${DISCORD_BOT} failed`, DISCORD_BOT],
  ["Authorization: Bot", `authorization: Bot ${OPAQUE_TOKEN}`, OPAQUE_TOKEN],
  ["interaction token", `interaction ${INTERACTION} expired`, INTERACTION],
  [
    "webhook URL token",
    `PATCH https://discord.com/api/v10/webhooks/1012345678901234567/${OPAQUE_TOKEN}/messages/@original`,
    OPAQUE_TOKEN,
  ],
  [
    "interaction callback URL token",
    `POST /api/v10/interactions/1012345678901234567/${OPAQUE_TOKEN}/callback`,
    OPAQUE_TOKEN,
  ],
  ["Slack bot token", "token xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "xoxb-1234567890"],
  ["Slack user token", "used xoxp-1234567890-0987654321-AbCdEfGhIjKlMnOp", "xoxp-1234567890"],
  ["Slack app-level token", "xapp-1-A0123456789-1234567890-abcdef0123456789", "xapp-1-A0123"],
  ["Slack legacy token", "xoxa-2-1234567890-AbCdEfGhIjKl", "xoxa-2-1234567890"],
  [
    "Slack response_url",
    `respond to https://hooks.slack.com/commands/T0123ABCD/1234567890123/${OPAQUE_TOKEN}`,
    OPAQUE_TOKEN,
  ],
  [
    "Slack action response_url",
    `https://hooks.slack.com/actions/T0123ABCD/1234567890123/${OPAQUE_TOKEN}`,
    OPAQUE_TOKEN,
  ],
  ["Slack-compatible response path", `POST http://127.0.0.1:4000/response/${OPAQUE_TOKEN}`, OPAQUE_TOKEN],
  ["signing secret field", `{"signingSecret":"${OPAQUE_TOKEN}"}`, OPAQUE_TOKEN],
  ["Theta key header", `x-api-key: ${OPAQUE_TOKEN}`, OPAQUE_TOKEN],
  ["bearer token", `Authorization: Bearer ${OPAQUE_TOKEN}`, OPAQUE_TOKEN],
  ["encryption key field", `encryption_key=${OPAQUE_TOKEN}`, OPAQUE_TOKEN],
  ["URL credentials", "redis://default:hunter2hunter2@127.0.0.1:6379", "hunter2hunter2"],
  [
    "Theta completion webhook token",
    `{"webhook":"https://bot.example.com/hooks/theta/job-a1/${OPAQUE_TOKEN}"}`,
    OPAQUE_TOKEN,
  ],
];

describe("redact: every secret class by pattern", () => {
  it.each(SAMPLES)("%s", (_name, line, secret) => {
    const out = redact(line);
    expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
  });

  it("registered values (configured keys, tenant credentials) are scrubbed wherever they occur", () => {
    const value = "tenant-credential-value-9f8e7d6c";
    registerSecret(value);
    expect(redact(`probe failed for ${value}!`)).toBe("probe failed for [redacted]!");
  });

  it("keeps what is not a secret: ids, prompts, Theta request ids", () => {
    const line = "job job-abc123 for user 400000000000000001: infr_rqst_pqbgxamero50 'a red fox'";
    expect(redact(line)).toBe(line);
    const prose = "theta-bot bot running; the bot started a basic setup";
    expect(redact(prose)).toBe(prose);
  });
});

describe("logger: secrets removed by path, from errors and by pattern", () => {
  function capture() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { logger: createLogger("trace", sink), text: () => lines.join("") };
  }

  it("redacts secret-named fields at depth and the URLs, bodies and headers library errors carry", () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error("Unknown Webhook"), {
      url: `https://discord.com/api/v10/webhooks/1012345678901234567/${INTERACTION}/messages/1`,
      requestBody: { json: { token: OPAQUE_TOKEN } },
      cause: new Error(`while posting to https://hooks.slack.com/commands/T1/2/${OPAQUE_TOKEN}`),
    });
    logger.error(
      { err, slack: { botToken: "xoxb-made-up-0000000000", install: { appToken: OPAQUE_TOKEN } } },
      "x",
    );
    logger.trace({ response_url: `http://127.0.0.1:1/response/${OPAQUE_TOKEN}` }, "trace line");
    const out = text();
    expect(out).toContain("Unknown Webhook");
    expect(out).toContain("trace line");
    for (const s of [INTERACTION, OPAQUE_TOKEN, "xoxb-made-up-0000000000"]) expect(out).not.toContain(s);
  });
});

describe("logger: errors carrying large or circular objects", () => {
  it("logs a size for binary bodies and survives cycles", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("info", sink);
    const request: Record<string, unknown> = { path: `/webhooks/1/${OPAQUE_TOKEN}` };
    request.self = request;
    const err = Object.assign(new Error("upload failed"), {
      request,
      requestBody: { files: [{ name: "a.png", data: Buffer.alloc(2_000_000) }] },
    });
    logger.error({ err }, "failed");
    const out = lines.join("");
    expect(out).toContain("[binary, 2000000 bytes]");
    expect(out).toContain("[circular]");
    expect(out).not.toContain(OPAQUE_TOKEN);
    expect(out.length).toBeLessThan(10_000);
  });
});
