import { describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { createLogger } from "../../src/core/logger.js";
import { errorCard } from "../../src/core/present/error-card.js";
import { captureStream } from "../helpers/theta-runtime.js";

function logged() {
  const sink = captureStream();
  return { logger: createLogger("info", sink), text: () => sink.text() };
}

describe("error cards", () => {
  it("a paid call Theta may have accepted says so in full, even when the failure was the bot's own", () => {
    const { logger } = logged();
    const message =
      "Image: fox: the request may have been accepted by Theta, but no usable answer came back (the bot could not read Theta's answer). It was not sent again, so you are not charged twice; its $0.01 stays counted against today's budget. Check the Theta dashboard before retrying.";
    const card = errorCard(
      new BotError({ code: "ambiguous_submission", family: "runtime", message }),
      logger,
    );
    expect(card).toEqual({ kind: "upstream", title: "Theta may have accepted this", text: message });
  });

  it("an error nobody expected gets a reference id, and the log has the error under it", () => {
    const { logger, text } = logged();
    const card = errorCard(new Error("socket hang up"), logger);
    expect(card.kind).toBe("internal");
    expect(card.refId).toMatch(/^[0-9A-F]{6}$/);
    expect(card.text).toContain(card.refId!);
    expect(card.text).not.toContain("socket hang up");
    const line = text();
    expect(line).toContain(card.refId!);
    expect(line).toContain("socket hang up");
  });
});
