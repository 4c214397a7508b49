// @ts-nocheck
import type { App as BoltApp } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { AfterAckPacer, pacedAfterAck } from "../../src/adapters/slack/after-ack.js";

type Fn = (args: Record<string, unknown>) => unknown;

/** A stand-in for Bolt's registration API that keeps what was registered. */
function fakeBolt() {
  const registered: Array<{ kind: string; args: unknown[] }> = [];
  const bolt = {
    command: (...args: unknown[]) => registered.push({ kind: "command", args }),
    event: (...args: unknown[]) => registered.push({ kind: "event", args }),
    error: (...args: unknown[]) => registered.push({ kind: "error", args }),
  };
  return { bolt: bolt as unknown as BoltApp, registered };
}

describe("post-ack pacing", () => {
  it("starts waiters in arrival order, one per event-loop turn", async () => {
    const pacer = new AfterAckPacer();
    const order: string[] = [];
    const a = pacer.turn().then(() => order.push("a"));
    const b = pacer.turn().then(() => order.push("b"));
    // An immediate queued now runs in the same turn as the first waiter, before the second one.
    setImmediate(() => order.push("turn"));
    await Promise.all([a, b]);
    expect(order).toEqual(["a", "turn", "b"]);
  });

  it("acks at once and runs the listener's work after the ack; middleware and other methods are untouched", async () => {
    const { bolt, registered } = fakeBolt();
    const paced = pacedAfterAck(bolt, new AfterAckPacer());
    const log: string[] = [];
    const middleware = async () => {};
    paced.command("/imagine", middleware, async ({ ack }) => {
      await ack();
      log.push("work");
    });
    const onError = async () => {};
    paced.error(onError);
    const [cmd, err] = registered;
    expect(cmd!.args[1]).toBe(middleware);
    expect(err!.args[0]).toBe(onError);
    const listener = cmd!.args[2] as Fn;
    const done = listener({
      ack: async (r?: unknown) => {
        log.push(`ack ${JSON.stringify(r ?? null)}`);
      },
      command: { text: "fox" },
    });
    await Promise.resolve();
    expect(log).toEqual(["ack null"]);
    await done;
    expect(log).toEqual(["ack null", "work"]);
  });

  it("counts listener runs until they settle, so a stop can wait for acked work", async () => {
    const { bolt, registered } = fakeBolt();
    const pacer = new AfterAckPacer();
    pacedAfterAck(bolt, pacer).command("/imagine", async ({ ack }) => {
      await ack();
      await new Promise((r) => setTimeout(r, 20));
    });
    await pacer.idle();
    const run = (registered[0]!.args[1] as Fn)({ ack: async () => {} });
    expect(pacer.inFlight).toBe(1);
    let idle = false;
    const waiting = pacer.idle().then(() => {
      idle = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    await run;
    await waiting;
    expect(pacer.inFlight).toBe(0);
  });

  it("runs event listeners (acked by Bolt) on a later turn with their arguments", async () => {
    const { bolt, registered } = fakeBolt();
    const paced = pacedAfterAck(bolt, new AfterAckPacer());
    const seen: unknown[] = [];
    paced.event("app_mention", async ({ event }) => {
      seen.push(event);
    });
    const listener = registered[0]!.args[1] as Fn;
    const done = listener({ event: { text: "hi" } });
    expect(seen).toEqual([]);
    await done;
    expect(seen).toEqual([{ text: "hi" }]);
  });
});
