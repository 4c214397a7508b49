/**
 * The Theta double as its own process for benches (answers at once, no warm-up), so its work does
 * not share the measured process's event loop, as Theta would not. Talks over the IPC channel:
 * sends `{ env }` when listening; answers `"count"` with `{ count }` (requests so far) and takes
 * `"reset"` and `"close"`.
 */
import { createThetaDouble } from "../test/doubles/theta/index.js";

const double = await createThetaDouble({ inferTiming: { pendingMs: 0, processingMs: 0 }, warmup: [] });
process.send?.({ env: double.env() });
process.on("message", (m) => {
  if (m === "count") process.send?.({ count: double.requests.length });
  else if (m === "reset") {
    double.reset();
    process.send?.({ reset: true });
  } else if (m === "close") void double.close().then(() => process.exit(0));
});
process.on("disconnect", () => void double.close().then(() => process.exit(0)));
