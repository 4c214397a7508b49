import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ThetaDouble } from "./theta/index.js";

// Node's timers run on a cached loop clock, so under load a timeout fires a millisecond or two
// before Date.now() has moved on by its delay. Load the double with timers that always fire 4 ms
// early, so the double's time-driven states must not depend on the timer being punctual.
const EARLY_MS = 4;
let d: ThetaDouble;

beforeAll(async () => {
  const real = globalThis.setTimeout;
  const early = ((fn: () => void, ms?: number) =>
    real(fn, Math.max(0, (ms ?? 0) - EARLY_MS))) as typeof setTimeout;
  vi.resetModules();
  globalThis.setTimeout = early;
  try {
    const { createThetaDouble } = await import("./theta/index.js");
    // The double captures its timer at load time; the rest of the process gets the real one back.
    globalThis.setTimeout = real;
    d = await createThetaDouble({ inferTiming: { pendingMs: 20, processingMs: 40 } });
  } finally {
    globalThis.setTimeout = real;
  }
});
afterAll(async () => {
  await d?.close();
});

const headers = () => ({
  authorization: `Bearer ${d.options.ondemandToken}`,
  "content-type": "application/json",
  "user-agent": "Mozilla/5.0 theta-timing-test",
});

describe("Theta double timing with early timers", () => {
  it("a request created with wait= answers with its terminal state, never 'processing'", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${d.baseUrls.ondemand}/infer_request/stable_diffusion_xl_turbo?wait=5`, {
        method: "POST",
        headers: headers(),
        body: JSON.stringify({ input: { prompt: `p${i}` } }),
      });
      const req = ((await r.json()) as { body: { infer_requests: Array<{ state: string }> } }).body
        .infer_requests[0];
      expect(req?.state).toBe("success");
    }
  });
});
