/**
 * Edits a streaming answer's message at most once per interval: the newest text wins, older
 * pending texts are dropped, and the final edit also waits out the interval (platforms rate-limit
 * edits, and a flickering message helps nobody).
 */
// @ts-nocheck

export class ThrottledEditor {
  private lastAt = Number.NEGATIVE_INFINITY;
  private pending: string | undefined;
  private shown: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly edit: (text: string) => Promise<void>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The text so far; shown now if the interval has passed, else when it does. */
  push(text: string): void {
    if (this.closed || text === this.shown) return;
    this.pending = text;
    if (this.timer) return;
    const wait = Math.max(0, this.lastAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const text = this.pending;
    this.pending = undefined;
    if (text === undefined || this.closed) return;
    this.lastAt = this.now();
    this.shown = text;
    this.inflight = this.inflight.then(() => this.edit(text)).catch(() => {});
  }

  /** Stops streaming edits; resolves once the interval since the last edit has passed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
    const wait = this.lastAt + this.intervalMs - this.now();
    if (wait > 0 && Number.isFinite(wait)) await new Promise((r) => setTimeout(r, wait));
  }
}
