// @ts-nocheck
import { afterEach, describe, expect, it, vi } from "vitest";
import { ThrottledEditor } from "../../src/core/qa/stream-editor.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("ThrottledEditor", () => {
  it("edits at most once per interval, always with the newest text, and waits out the interval on close", async () => {
    vi.useFakeTimers();
    const edits: Array<{ at: number; text: string }> = [];
    const ed = new ThrottledEditor(async (text) => {
      edits.push({ at: Date.now(), text });
    }, 1500);
    const start = Date.now();
    // 40 tokens over 4 seconds, one every 100 ms.
    let text = "";
    for (let n = 0; n < 40; n++) {
      text += ` w${n}`;
      ed.push(text);
      await vi.advanceTimersByTimeAsync(100);
    }
    const closing = ed.close();
    await vi.advanceTimersByTimeAsync(1500);
    await closing;
    expect(edits.length).toBe(3);
    for (let i = 1; i < edits.length; i++)
      expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(1500);
    expect(edits[0]!.at - start).toBeLessThan(100);
    // Each edit shows everything received by then, not a stale queued text.
    expect(edits[1]!.text.trim().split(" ").length).toBe(15);
    // After close, the caller's final edit may go: at least one interval after the last streaming edit.
    expect(Date.now() - edits.at(-1)!.at).toBeGreaterThanOrEqual(1500);
  });

  it("a failed edit does not stop the stream", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const ed = new ThrottledEditor(async () => {
      calls++;
      if (calls === 1) throw new Error("rate limited");
    }, 200);
    ed.push("a");
    await vi.advanceTimersByTimeAsync(10);
    ed.push("a b");
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toBe(2);
    const closing = ed.close();
    await vi.advanceTimersByTimeAsync(200);
    await closing;
  });
});
