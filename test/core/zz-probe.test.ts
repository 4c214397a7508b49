import { afterAll, beforeAll, it } from "vitest";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";
let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(() => h.double.close());
it("probe", async () => {
  for (const [n, i] of [["theta.deployments.listStandard", {}], ["theta.ai.dedicatedDeployments.list", {}], ["theta.ai.storage.list", {}], ["theta.ai.gpuCluster.list", {}]] as const) {
    try { const r = await h.run(n, i); console.log(n, JSON.stringify(r).slice(0, 300)); } catch (e) { console.log(n, "ERR", (e as Error).message); }
  }
  console.log(JSON.stringify(h.double.requests.map((r) => [r.method, r.path, r.query]), null, 0));
});
