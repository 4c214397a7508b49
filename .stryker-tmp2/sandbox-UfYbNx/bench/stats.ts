/** Small helpers shared by the benchmarks: percentiles and `name: value` output. */
// @ts-nocheck

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function print(name: string, value: number | string): void {
  const v = typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : value;
  process.stdout.write(`${name}: ${v}\n`);
}

/** Runs `task` `total` times with at most `concurrency` in flight; returns per-call latencies (ms). */
export async function drive(total: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        try {
          await task(i);
        } catch {
          failed++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latencies: latencies.sort((a, b) => a - b), seconds, failed, perSecond: total / seconds };
}
