/**
 * Starts the work after each acknowledgement one piece per turn of the event loop, in arrival
 * order, so that during a burst the acks of newer interactions (a Redis claim and a defer POST,
 * Discord's 3 s window) are not queued behind the quotes and replies of the ones before them.
 */
export class TurnPacer {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** Resolves on a coming turn, after the work queued before it has started. */
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
