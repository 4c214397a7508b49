import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { updatePolicy } from "../../src/core/policy/index.js";
import type { JobOrigin } from "../../src/core/present/job-card.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { type JobStack, startJobStack } from "../helpers/job-stack.js";

let double: ThetaDouble;
let stack: JobStack;
beforeAll(async () => {
  double = await createThetaDouble({ warmup: [] });
});
afterAll(() => double.close());
afterEach(async () => {
  await stack.close();
  double.reset();
});

const origin: JobOrigin = { platform: "discord", tenantId: "g1", userId: "u1", channelId: "c1" };
const input = {
  deployment_template_id: "gpu_tpl_cuda",
  resource_id: "a100_40gb_x1",
  container_image: "nvidia/cuda:12.4.1-devel-ubuntu22.04",
  ssh_public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9kb3VibGVrZXlkb3VibGVrZXlkb3VibGU u1@host",
  hours: 1,
};
const submit = (id: string) =>
  stack.service.submit({
    id,
    kind: "gpu",
    title: "GPU Node",
    origin,
    data: { action: "create", input, hours: 1, reservedUsd: 1.29, stopCommand: "/gpu stop id:{id}" },
  });
const env = { GPU_WATCH_INTERVAL_MS: "100", GPU_START_DEADLINE_MS: "1500" };

describe("GPU Node jobs", () => {
  it("a node that Theta reports failed ends the job as failed with its id, and no connection details are sent", async () => {
    stack = await startJobStack(double, { env });
    double.setGpuStart({ reads: 1, outcome: "failed" });
    await submit("gpu-fail");
    const final = await stack.service.waitFor("gpu-fail");
    expect(final.state).toBe("failed");
    expect(final.error?.code).toBe("gpu_node_failed");
    expect(final.error?.message).toMatch(/gpud_\w+ as failed/);
    expect(stack.sink.privates).toHaveLength(0);
  });

  it("a slow start past the deadline fails clearly and says it may still bill; the POST was sent once", async () => {
    stack = await startJobStack(double, { env });
    double.setGpuStart({ reads: 1000 });
    await submit("gpu-slow");
    const final = await stack.service.waitFor("gpu-slow");
    expect(final.error?.code).toBe("gpu_start_deadline");
    expect(final.error?.message).toMatch(
      /still pending after .* may still start and bill; \/gpu stop id:gpud_/,
    );
    expect(double.count("POST", /gpu-deployments$/)).toBe(1);
  });

  it("status reads failing with 5xx before the node runs end the job at the start deadline", async () => {
    stack = await startJobStack(double, { env });
    double.fault({ method: "GET", path: /gpu-deployments\/gpud_/, status: 503 });
    await submit("gpu-5xx");
    const final = await stack.service.waitFor("gpu-5xx");
    expect(final.state).toBe("failed");
    expect(final.error?.message).toMatch(/could not be checked for \d+ s .*503.* may still start and bill/);
  });

  it("cancelling the job after the create says the node keeps running and billing until it is stopped", async () => {
    stack = await startJobStack(double, { env });
    double.setGpuStart({ reads: 1000 });
    await submit("gpu-cancel");
    while ((await stack.deps.ledger.get("gpu-cancel"))?.state !== "submitted")
      await new Promise((r) => setTimeout(r, 20));
    const r = await stack.service.cancel("gpu-cancel", "u1", stack.deps);
    expect(r.message).toMatch(
      /Stopped watching GPU Node gpud_\w+\. The node itself keeps running and billing/,
    );
  });

  it("409 no capacity: failed, nothing started or charged, never repeated", async () => {
    stack = await startJobStack(double, { env });
    double.fault({ method: "POST", path: /gpu-deployments$/, status: 409 });
    await submit("gpu-409");
    const final = await stack.service.waitFor("gpu-409");
    expect(final.state).toBe("failed");
    expect(final.error?.message).toMatch(/Nothing was started or charged/);
    expect(final.upstreamId).toBeUndefined();
    expect(double.count("POST", /gpu-deployments$/)).toBe(1);
  });

  it("a 5xx after the POST is ambiguous: not sent again, the user is told to check", async () => {
    stack = await startJobStack(double, { env });
    double.fault({ method: "POST", path: /gpu-deployments$/, status: 502 });
    await submit("gpu-502");
    const final = await stack.service.waitFor("gpu-502");
    expect(final.state).toBe("ambiguous");
    expect(double.count("POST", /gpu-deployments$/)).toBe(1);
  });

  it("running: connection details privately, then past the policy's limit a reminder and (auto-stop) a stop; cost from the hourly price", async () => {
    stack = await startJobStack(double, { env });
    await updatePolicy(
      stack.store,
      { platform: "discord", id: "g1" },
      { gpuMaxHours: 0.0001, gpuAutoStop: true },
    );
    double.setGpuStart({ reads: 0 });
    await submit("gpu-run");
    const final = await stack.service.waitFor("gpu-run");
    expect(final.state).toBe("delivered");
    const [connect, reminder] = stack.sink.privates.map((p) => p.message);
    expect(connect?.text).toMatch(/SSH: `ssh root@gpud_\w+\.gpu\.double\.thetaedgecloud\.com -p \d+`/);
    expect(connect?.text).toContain("$1.29 per hour");
    expect(reminder?.title).toMatch(/has run/);
    expect(reminder?.text).toMatch(/limit of 0\.0001 h.*The policy stops it now/);
    expect(double.count("POST", /\/stop$/)).toBe(1);
    expect(final.text).toMatch(
      /was stopped by the policy's time limit after .* about \$0\.\d\d at \$1\.29\/h/,
    );
    expect(final.cost).toMatchObject({ currency: "USD" });
  });
});
