import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/adapters/cli/run-cli.js";
import { usageHistory } from "../doubles/theta/index.js";
import { csvTotal, pngStats } from "../helpers/png.js";
import { captureStream, doubleEnv, type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

async function cli(argv: string[], env: Record<string, string | undefined> = doubleEnv(h.double)) {
  const stdout = captureStream();
  const stderr = captureStream();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = false;
  const code = await runCli({ argv, env, stdin, stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, out: stdout.text(), err: stderr.text() };
}

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9kb3VibGVrZXlkb3VibGVrZXlkb3VibGU ops@host";

describe("theta-bot CLI: GPU Nodes and usage", () => {
  it("ops marks create/start paid and mutating, stop/delete mutating, reads neither", async () => {
    const r = await cli(["ops"]);
    expect(r.out).toMatch(/★✎ theta\.gpu\.deployments\.create/);
    expect(r.out).toMatch(/★✎ theta\.gpu\.deployments\.start/);
    expect(r.out).toMatch(/ ✎ theta\.gpu\.deployments\.stop/);
    expect(r.out).toMatch(/ ✎ theta\.gpu\.deployments\.delete/);
    for (const name of [
      "gpu.resources.list",
      "gpu.resources.get",
      "gpu.templates.list",
      "gpu.deployments.logs",
      "billing.usage",
      "billing.topUps",
      "billing.pricing",
    ]) {
      expect(r.out).toMatch(new RegExp(` {3}theta\\.${name.replace(/\./g, "\\.")} `));
    }
  });

  it("op theta.billing.usage --out usage.png writes the chart and its CSV and prints a table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-usage-"));
    const r = await cli(["op", "theta.billing.usage", "--days", "90", "--out", join(dir, "usage.png")]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`Chart written to ${join(dir, "usage.png")}`);
    const stats = pngStats(readFileSync(join(dir, "usage.png")));
    expect(stats.width).toBeGreaterThan(1000);
    expect(stats.inked).toBeGreaterThan(1000);
    const expected = usageHistory(new Date().toISOString().slice(0, 10)).reduce(
      (a, x) => a + x.amount_usd,
      0,
    );
    expect(csvTotal(readFileSync(join(dir, "usage.csv"), "utf8"), "all")).toBeCloseTo(expected, 3);
    expect(r.out).toMatch(/date\s+dedicated_inference\s+gpu_node\s+on_demand_inference\s+storage\s+total/);
    expect(r.out).toContain(`$${expected.toFixed(2)}`);
    expect(
      r.out
        .trim()
        .split("\n")
        .filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l)),
    ).toHaveLength(90);
  });

  it("create without --yes and without a TTY refuses, quoting the hourly price; with --yes it creates", async () => {
    const args = [
      "op",
      "theta.gpu.deployments.create",
      "--deployment_template_id",
      "gpu_tpl_cuda",
      "--resource_id",
      "a100_40gb_x1",
      "--container_image",
      "nvidia/cuda:12.4.1-devel-ubuntu22.04",
      "--ssh_public_key",
      KEY,
    ];
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/\$1\.29 per hour/);
    expect(h.double.count("POST", /gpu-deployments$/)).toBe(0);
    const ok = await cli([...args, "--yes", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).result.deployment.status).toBe("pending");
    expect(h.double.count("POST", /gpu-deployments$/)).toBe(1);
  });

  it("THETA_DRY_RUN previews delete with the URL-encoded id and sends nothing", async () => {
    const r = await cli(["op", "theta.gpu.deployments.delete", "--deploymentId", "gpud/a", "--json"], {
      ...doubleEnv(h.double),
      THETA_DRY_RUN: "1",
    });
    const doc = JSON.parse(r.out);
    expect(doc.dryRun).toBe(true);
    expect(doc.request.url).toMatch(/gpu-deployments\/gpud%2Fa$/);
    expect(doc.quote.display).toMatch(/permanent/);
    expect(h.double.requests.filter((x) => x.method !== "GET")).toHaveLength(0);
  });
});
