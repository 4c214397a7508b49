// @ts-nocheck
import type { Progress } from "../../core/operations/define.js";

/** Progress on stderr: a rewritten line on a TTY, nothing otherwise (so pipes stay clean). */
export function stderrProgress(stream: NodeJS.WriteStream): ((p: Progress) => void) & { done(): void } {
  let shown = false;
  const started = Date.now();
  const fn = ((p: Progress) => {
    if (!stream.isTTY) return;
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    const pct = p.percent === undefined ? "" : ` ${Math.round(p.percent)}%`;
    const text = `⏳ ${p.stage}${pct}${p.message ? ` — ${p.message}` : ""} (${secs}s)`;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 100) - 1)}`);
    shown = true;
  }) as ((p: Progress) => void) & { done(): void };
  fn.done = () => {
    if (shown) stream.write("\r\x1b[2K");
  };
  return fn;
}
