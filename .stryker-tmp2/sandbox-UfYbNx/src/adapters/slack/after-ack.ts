// @ts-nocheck
import type { App as BoltApp } from "@slack/bolt";

/**
 * Starts post-ack work one piece per turn of the event loop, in arrival order.
 *
 * libuv accepts one new connection per loop turn, so a turn must stay short while commands arrive:
 * if every acked command went straight on to its quote, store writes and response_url post, one
 * turn would hold the work of all requests read in it, and connections waiting in the accept queue
 * (Slack opens new ones under load) would wait for many such turns before being acked. Each waiter
 * here resumes in its own turn (setImmediate), after that turn's I/O, acks included, is handled.
 */
export class AfterAckPacer {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  private running = 0;
  private readonly idleWaiters: Array<() => void> = [];

  /** Listener runs not yet settled, waiting for their turn or at work. */
  get inFlight(): number {
    return this.running;
  }

  /** Runs one listener invocation, counted in `inFlight` until it settles. */
  async track<T>(run: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await run();
    } finally {
      if (--this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Resolves once no listener run is in flight (intake should be stopped first). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves on a coming turn of the event loop, after the work queued before it has started. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.pump);
      }
    });
  }

  private readonly pump = (): void => {
    this.waiting.shift()?.();
    // An immediate queued from an immediate runs on the next turn, after that turn's I/O.
    if (this.waiting.length > 0) setImmediate(this.pump);
    else this.scheduled = false;
  };
}

/** Listener kinds Slack expects an ack for: the listener's work after `ack()` is paced. */
const ACKED = new Set(["command", "action", "view", "shortcut", "options"]);
/** Events are acked by Bolt before the listener runs: the whole listener is paced. */
const EVENTS = new Set(["event", "message"]);

type Listener = (args: Record<string, unknown>) => Promise<unknown> | unknown;
type Ack = (response?: unknown) => Promise<void>;

/**
 * The Bolt app as registration code sees it, with every listener's post-ack work paced: `ack()`
 * answers Slack at once, then resolves on the pacer's next free turn, so the listener's work (which
 * follows its `await ack()`) starts then. Runs are tracked so a stop can wait for them
 * (`pacer.idle()`). Listener middleware and everything else are unchanged.
 */
export function pacedAfterAck(bolt: BoltApp, pacer: AfterAckPacer): BoltApp {
  const wrap = (kind: string, listener: Listener): Listener => {
    if (EVENTS.has(kind))
      return (args) =>
        pacer.track(async () => {
          await pacer.turn();
          return listener(args);
        });
    return (args) => {
      const ack = args.ack as Ack | undefined;
      if (!ack) return listener(args);
      const pacedAck: Ack = async (response) => {
        await ack(response);
        await pacer.turn();
      };
      return pacer.track(async () => listener({ ...args, ack: pacedAck }));
    };
  };
  return new Proxy(bolt, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (typeof prop !== "string" || !(ACKED.has(prop) || EVENTS.has(prop))) return value.bind(target);
      return (...args: unknown[]) => {
        const last = args.length - 1;
        // The last function is the listener; any before it are listener middleware.
        if (typeof args[last] === "function") args[last] = wrap(prop, args[last] as Listener);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
