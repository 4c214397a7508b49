// @ts-nocheck
import { describe, expect, it } from "vitest";
import { BotError, configError, usageError } from "../../src/core/errors.js";
import { provenNotAccepted } from "../../src/core/theta/acceptance.js";
import { submitFailure } from "../../src/jobs/processors/submit-outcome.js";

/**
 * Whether a failed paid POST may be called "not charged" (refunded) or must stay "ambiguous"
 * (reservation kept): the sentence a member reads depends on it.
 */
const upstream = (
  status: number | undefined,
  extra: Partial<ConstructorParameters<typeof BotError>[0]> = {},
) =>
  new BotError({
    code: "theta_http",
    family: "ondemand",
    message: `Theta answered ${status}.`,
    status,
    ...extra,
  });

describe("provenNotAccepted", () => {
  it("errors raised before sending (input, configuration) prove nothing was accepted", () => {
    expect(provenNotAccepted(usageError("bad_input", "x"))).toBe(true);
    expect(provenNotAccepted(configError("missing_credentials", "x"))).toBe(true);
  });

  it("a connection that never opened proves it", () => {
    expect(provenNotAccepted(upstream(undefined, { details: { notSent: true } }))).toBe(true);
    expect(provenNotAccepted(upstream(undefined, { details: { notSent: "yes" } }))).toBe(false);
    expect(provenNotAccepted(upstream(undefined))).toBe(false);
  });

  it("a 4xx refusal proves it, except 408 and 425; 3xx and 5xx do not", () => {
    for (const s of [400, 401, 403, 404, 409, 422, 429, 499])
      expect(provenNotAccepted(upstream(s))).toBe(true);
    for (const s of [301, 399, 408, 425, 500, 502, 503]) expect(provenNotAccepted(upstream(s))).toBe(false);
  });

  it("anything that is not the bot's own error (a crash while reading the answer) is ambiguous", () => {
    expect(provenNotAccepted(new Error("Unexpected end of JSON input"))).toBe(false);
    expect(provenNotAccepted(Object.assign(new Error("x"), { family: "usage", status: 400 }))).toBe(false);
  });

  it("a runtime or jobs failure after sending is ambiguous", () => {
    expect(provenNotAccepted(new BotError({ code: "timeout", family: "runtime", message: "t" }))).toBe(false);
  });
});

describe("submitFailure", () => {
  it("a proven refusal fails the job and says nothing was charged", () => {
    expect(submitFailure(upstream(400, { message: "vm_id is not available." }), "flux", "Check.")).toEqual({
      to: "failed",
      error: { code: "theta_http", message: "vm_id is not available. Nothing was charged." },
    });
  });

  it("anything else is ambiguous: not sent again, cost kept, and where to check", () => {
    expect(
      submitFailure(
        upstream(502, { message: "Theta answered 502." }),
        "flux",
        "Check your Theta dashboard before retrying.",
      ),
    ).toEqual({
      to: "ambiguous",
      error: {
        code: "ambiguous_submission",
        message:
          "The request for flux may have been accepted by Theta, but no usable answer came back (Theta answered 502). " +
          "It was not sent again, so you are not charged twice; its cost stays counted against today's budget. Check your Theta dashboard before retrying.",
      },
    });
    expect(submitFailure(new SyntaxError("Unexpected token <"), "the transcode", "Look.").error.message).toBe(
      "The request for the transcode may have been accepted by Theta, but no usable answer came back (the bot could not read Theta's answer). " +
        "It was not sent again, so you are not charged twice; its cost stays counted against today's budget. Look.",
    );
  });
});
