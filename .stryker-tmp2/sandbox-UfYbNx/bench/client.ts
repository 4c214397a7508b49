/**
 * Client overhead: theta.billing.balance through the whole operation path (zod input, credential
 * resolution, transport, envelope + response validation) against the Theta double, versus raw undici
 * requests to the same route with the same headers. Prints figures; asserts nothing.
 */
// @ts-nocheck

import { request } from "undici";
import { loadConfig } from "../src/config.js";
import { EnvCredentialProvider } from "../src/core/credentials/provider.js";
import { createLogger } from "../src/core/logger.js";
import { runOperation } from "../src/core/operations/runner.js";
import { BROWSER_HEADERS } from "../src/core/theta/families.js";
import { createThetaDouble } from "../test/doubles/theta/index.js";
import { drive, percentile, print } from "./stats.js";

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = 16;

const double = await createThetaDouble({ warmup: [] });
const config = loadConfig({ ...double.env(), LOG_LEVEL: "silent" });
const rt = { config, credentials: new EnvCredentialProvider(config), logger: createLogger("silent") };
const url = `${double.baseUrls.platform}/balance?orgID=${double.options.orgId}`;
const headers = { ...BROWSER_HEADERS, "x-api-key": double.options.apiKey };

// warm up both paths
await drive(200, CONCURRENCY, () => runOperation(rt, "theta.billing.balance", {}));
await drive(200, CONCURRENCY, async () => (await request(url, { headers })).body.json());

const base = await drive(TOTAL, CONCURRENCY, async () => {
  const r = await request(url, { headers });
  await r.body.json();
});
const client = await drive(TOTAL, CONCURRENCY, () => runOperation(rt, "theta.billing.balance", {}));

print("requests", TOTAL);
print("client_requests_per_s", client.perSecond);
print("baseline_requests_per_s", base.perSecond);
print("ratio", client.perSecond / base.perSecond);
print("client_p50_ms", percentile(client.latencies, 50));
print("client_p99_ms", percentile(client.latencies, 99));
print("baseline_p50_ms", percentile(base.latencies, 50));
print("baseline_p99_ms", percentile(base.latencies, 99));
print("client_failed", client.failed);
await double.close();
