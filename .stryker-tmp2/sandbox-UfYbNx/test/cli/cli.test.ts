// @ts-nocheck
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/adapters/cli/run-cli.js";
import { OPERATIONS } from "../../src/core/operations/registry.js";
import { PNG_SIGNATURE } from "../doubles/theta/index.js";
import { captureStream, doubleEnv, type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

async function cli(
  argv: string[],
  env: Record<string, string | undefined> = doubleEnv(h.double),
  tty = false,
) {
  const stdout = captureStream();
  const stderr = captureStream();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = tty;
  (stdout as unknown as { isTTY: boolean }).isTTY = tty;
  const code = await runCli({ argv, env, stdin, stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe("theta-bot CLI", () => {
  it("ops lists every operation with paid/mutating marks", async () => {
    const r = await cli(["ops"]);
    expect(r.code).toBe(0);
    for (const op of OPERATIONS) expect(r.out).toContain(op.name);
    expect(r.out).toMatch(/★✎ theta\.ondemand\.infer/);
    expect(r.out).toMatch(/ {2}theta\.billing\.balance/);
  });

  it("op theta.setup prints the checklist with no credentials set", async () => {
    const r = await cli(["op", "theta.setup"], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain("Create API Key");
    expect(r.out).toContain("THETA_ONDEMAND_API_TOKEN");
  });

  it("infer --no-wait --json --yes prints the new request; pollUntilDone prints it finished with its output URL", async () => {
    const r = await cli([
      "op",
      "theta.ondemand.infer",
      "--service",
      "flux",
      "--input",
      '{"prompt":"a red fox"}',
      "--no-wait",
      "--json",
      "--yes",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(true);
    const id = doc.result.request.id as string;
    expect(id).toMatch(/^infr_rqst_/);
    const p = await cli([
      "op",
      "theta.ondemand.pollUntilDone",
      "--requestId",
      id,
      "--intervalMs",
      "100",
      "--json",
    ]);
    expect(p.code).toBe(0);
    const done = JSON.parse(p.out);
    expect(done.result.terminalState).toBe("success");
    expect(done.result.outputUrls[0]).toMatch(/\.png$/);
  });

  it("balance --json prints the balance", async () => {
    h.double.setBalance(1234.5);
    const r = await cli(["op", "theta.billing.balance", "--json"]);
    expect(JSON.parse(r.out).result.balance).toBe(1234.5);
  });

  it("a paid operation without --yes and without a TTY is refused with exit 2, showing the quote, sending nothing", async () => {
    const r = await cli(["op", "theta.ondemand.infer", "--service", "flux", "--input", '{"prompt":"x"}']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/paid operation.*\$0\.01 per image.*--yes/s);
    expect(h.double.count("POST", /infer_request/)).toBe(0);
  });

  it("on a TTY a paid operation asks, and 'n' cancels without sending", async () => {
    const stdout = captureStream();
    const stderr = captureStream();
    const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
    stdin.isTTY = true;
    (stdout as unknown as { isTTY: boolean }).isTTY = true;
    const done = runCli({
      argv: ["op", "theta.ondemand.infer", "--service", "flux", "--input", '{"prompt":"x"}'],
      env: doubleEnv(h.double),
      stdin,
      stdout,
      stderr: stderr as unknown as NodeJS.WriteStream,
    });
    setTimeout(() => stdin.write("n\n"), 200);
    expect(await done).toBe(2);
    expect(stderr.text()).toMatch(/Run it\? \[y\/N\]/);
    expect(h.double.count("POST", /infer_request/)).toBe(0);
  });

  it("on a TTY, answering 'y' runs the paid operation", async () => {
    const stdout = captureStream();
    const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
    stdin.isTTY = true;
    (stdout as unknown as { isTTY: boolean }).isTTY = true;
    const done = runCli({
      argv: [
        "op",
        "theta.ondemand.infer",
        "--service",
        "flux",
        "--input",
        '{"prompt":"x"}',
        "--json",
        "--no-wait",
      ],
      env: doubleEnv(h.double),
      stdin,
      stdout,
      stderr: captureStream() as unknown as NodeJS.WriteStream,
    });
    setTimeout(() => stdin.write("y\n"), 200);
    expect(await done).toBe(0);
    expect(h.double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
  });

  it("unknown operation → exit 2 with suggestions", async () => {
    const r = await cli(["op", "theta.billing.balanse"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unsupported theta runtime command.*theta\.billing\.balance/);
  });

  it("invalid input → exit 2 listing each zod issue, nothing sent; --json gives an error document", async () => {
    const r = await cli(["op", "theta.ondemand.status", "--requestId", "nope", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    expect(r.err).toMatch(/requestId: an id like "infr_rqst_…"/);
    expect(h.double.requests).toEqual([]);
  });

  it("missing credentials → exit 2 naming the variable", async () => {
    const env = doubleEnv(h.double, { THETA_ORG_ID: undefined });
    const r = await cli(["op", "theta.billing.balance"], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain("THETA_ORG_ID");
  });

  it("invalid configuration → exit 2 listing every bad variable", async () => {
    const r = await cli(["op", "theta.setup"], { THETA_DRY_RUN: "perhaps", THETA_HTTP_MAX_RETRIES: "many" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/THETA_DRY_RUN.*THETA_HTTP_MAX_RETRIES/);
  });

  it("an upstream failure → exit 1", async () => {
    h.double.fault({ path: "/platform/balance", status: 500 });
    const r = await cli(
      ["op", "theta.billing.balance"],
      doubleEnv(h.double, { THETA_HTTP_MAX_RETRIES: "0" }),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Theta answered 500/);
  });

  it("--args gives the whole input; --field overrides it", async () => {
    const r = await cli(["op", "theta.ondemand.listServices", "--args", '{"category":"audio"}', "--json"]);
    expect(JSON.parse(r.out).result.services.every((s: { category: string }) => s.category === "audio")).toBe(
      true,
    );
  });

  it("infer runs through the job queue by default: one submit, the PNG written to --out, listed by `jobs`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-cli-job-"));
    const env = doubleEnv(h.double, { DATA_DIR: join(dir, "data"), JOB_POLL_BASE_MS: "50" });
    const r = await cli(
      [
        "op",
        "theta.ondemand.infer",
        "--service",
        "flux",
        "--input",
        '{"prompt":"a red fox"}',
        "--yes",
        "--json",
        "--out",
        join(dir, "out"),
      ],
      env,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({
      ok: true,
      state: "success",
      request: { id: expect.stringMatching(/^infr_rqst_/) },
    });
    expect(doc.files).toHaveLength(1);
    expect(readFileSync(doc.files[0]).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(h.double.count("POST", "/ondemand/infer_request/flux")).toBe(1);
    const list = await cli(["jobs", "list"], env);
    expect(list.code).toBe(0);
    expect(list.out).toContain(doc.jobId);
    expect(list.out).toMatch(/success/);
    const show = await cli(["jobs", "show", doc.jobId, "--json"], env);
    expect(JSON.parse(show.out)).toMatchObject({
      id: doc.jobId,
      state: "delivered",
      upstreamId: doc.request.id,
    });
  });

  it("a queued job that fails on Theta exits 1 with Theta's message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-cli-job-"));
    h.double.setInferOutcome("flux", { state: "error", message: "out of GPUs" });
    const env = doubleEnv(h.double, { DATA_DIR: join(dir, "data"), JOB_POLL_BASE_MS: "50" });
    const r = await cli(
      ["op", "theta.ondemand.infer", "--service", "flux", "--input", '{"prompt":"x"}', "--yes"],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/out of GPUs/);
  });

  it("jobs show of an unknown id exits 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-cli-job-"));
    const r = await cli(["jobs", "show", "nope"], doubleEnv(h.double, { DATA_DIR: dir }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/No job nope/);
  });

  it("--file uploads a local file through the presigned flow", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-cli-"));
    writeFileSync(join(dir, "cat.png"), Buffer.from("not really a png"));
    const r = await cli([
      "op",
      "theta.ondemand.infer",
      "--service",
      "blip",
      "--file",
      `input_img=${join(dir, "cat.png")}`,
      "--no-wait",
      "--yes",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(h.double.requests.find((q) => q.method === "PUT")?.body).toEqual({ bytes: 16 });
  });

  it("THETA_DRY_RUN=1 prints the would-be request with the token redacted and sends nothing", async () => {
    const env = doubleEnv(h.double, { THETA_DRY_RUN: "1", THETA_ONDEMAND_API_TOKEN: "x-token-value-123" });
    const r = await cli(
      [
        "op",
        "theta.ondemand.infer",
        "--service",
        "flux",
        "--input",
        '{"prompt":"a red fox"}',
        "--json",
        "--yes",
      ],
      env,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.request).toMatchObject({ method: "POST", body: { input: { prompt: "a red fox" } } });
    expect(doc.request.url).toBe(`${h.double.baseUrls.ondemand}/infer_request/flux`);
    expect(r.out).not.toContain("x-token-value-123");
    expect(h.double.requests.filter((q) => q.method === "POST")).toEqual([]);
  });
});

describe("the CLI as a real process", () => {
  it("runs `theta-bot op theta.setup` and exits 0; unknown command exits 2", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, ["--import", "tsx", "src/adapters/cli/main.ts", ...args], {
          env: { PATH: process.env.PATH ?? "" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        p.stdout.on("data", (d) => {
          out += d;
        });
        p.on("close", (code) => resolve({ code, out }));
      });
    const ok = await run(["op", "theta.setup"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("Theta EdgeCloud setup");
    expect((await run(["frobnicate"])).code).toBe(2);
  });
});
