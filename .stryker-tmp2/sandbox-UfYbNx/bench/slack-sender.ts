/** Child of bench/slack.ts: posts the given signed commands within one second and prints latencies as JSON. */
// @ts-nocheck

import { createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "undici";

const [url = "", secret = "", bodiesFile = ""] = process.argv.slice(2);
/** Form bodies built by the Slack double (real response_urls and trigger_ids), one per command. */
const bodies = JSON.parse(readFileSync(bodiesFile, "utf8")) as string[];
const N = bodies.length;

/** `at`: when the command was sent (epoch ms), to line up with the double's call times. */
async function send(k: number): Promise<{ ms: number; status: number; at: number }> {
  const body = bodies[k]!;
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  const at = Date.now();
  const t0 = performance.now();
  try {
    const res = await request(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-signature": sig,
        "x-slack-request-timestamp": String(ts),
      },
    });
    await res.body.dump();
    return { ms: performance.now() - t0, status: res.statusCode, at };
  } catch {
    return { ms: Number.NaN, status: 0, at };
  }
}

const t0 = Date.now();
const all: Array<ReturnType<typeof send>> = [];
for (let k = 0; k < N; k++) {
  const wait = t0 + (k * 1000) / N - Date.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  all.push(send(k));
}
writeFileSync(`${bodiesFile}.out`, JSON.stringify(await Promise.all(all)));
