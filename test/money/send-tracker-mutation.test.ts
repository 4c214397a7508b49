import { describe, expect, it } from "vitest";
import { noteSending, type SendRecord, trackSends } from "../../src/core/theta/send-tracker.js";

/** What decides "nothing left for Theta" for inline paid work (actions.ts gives the reservation back). */
describe("send tracking", () => {
  it("a GET is no send; any other method is, and only inside the tracked call", async () => {
    const reads: SendRecord = { sent: false };
    await trackSends(reads, async () => noteSending("GET"));
    expect(reads.sent).toBe(false);
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const r: SendRecord = { sent: false };
      await trackSends(r, async () => {
        await new Promise((done) => setTimeout(done, 1));
        noteSending(method);
      });
      expect(r.sent).toBe(true);
    }
    const other: SendRecord = { sent: false };
    await trackSends(other, async () => {});
    noteSending("POST"); // outside any tracked call: recorded nowhere, and no error
    expect(other.sent).toBe(false);
  });

  it("two calls tracked at once each see only their own sends", async () => {
    const a: SendRecord = { sent: false };
    const b: SendRecord = { sent: false };
    await Promise.all([
      trackSends(a, async () => {
        await new Promise((done) => setTimeout(done, 5));
        noteSending("POST");
      }),
      trackSends(b, async () => {
        await new Promise((done) => setTimeout(done, 10));
        noteSending("GET");
      }),
    ]);
    expect(a).toEqual({ sent: true });
    expect(b).toEqual({ sent: false });
  });

  it("passes the call's own result and error through", async () => {
    await expect(trackSends({ sent: false }, async () => 42)).resolves.toBe(42);
    await expect(
      trackSends({ sent: false }, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });
});
