import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/adapters/cli/run-cli.js";
import { PNG_SIGNATURE } from "../doubles/theta/index.js";
import { captureStream, doubleEnv, type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

const quiet = (o: Record<string, string | undefined> = {}) =>
  doubleEnv(h.double, { LOG_LEVEL: undefined, ...o });

async function cli(argv: string[], env: Record<string, string | undefined> = quiet()) {
  const stdout = captureStream();
  const stderr = captureStream();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  const code = await runCli({ argv, env, stdin, stdout, stderr: stderr as unknown as NodeJS.WriteStream });
  return { code, out: stdout.text(), err: stderr.text() };
}

/** The real CLI as a process (what an operator runs), against the double. */
function spawnCli(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "src/adapters/cli/main.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

const posts = () => h.double.requests.filter((r) => r.method === "POST" || r.method === "PUT");
const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `tb-cli-${tag}-`));

describe("CLI files: theta.video.upload and --file", () => {
  it("theta.video.upload --file file=clip.mp4 streams a 3 MB file to the presigned URL", async () => {
    const dir = tmp("video");
    const clip = join(dir, "clip.mp4");
    writeFileSync(clip, Buffer.alloc(3 * 1024 * 1024, 7));
    const r = await cli(["op", "theta.video.upload", "--file", `file=${clip}`, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.result).toMatchObject({ uploadId: expect.stringMatching(/^upload_/), bytes: 3 * 1024 * 1024 });
    expect(h.double.requests.find((q) => q.method === "PUT")?.body).toEqual({ bytes: 3 * 1024 * 1024 });
    const plain = await cli(["op", "theta.video.upload", "--file", clip]);
    expect(plain.code).toBe(0);
  });

  it("on a terminal the upload shows its progress on stderr", async () => {
    const dir = tmp("progress");
    const clip = join(dir, "clip.mp4");
    writeFileSync(clip, Buffer.alloc(2 * 1024 * 1024, 3));
    const stdout = captureStream();
    const stderr = Object.assign(captureStream(), { isTTY: true, columns: 120 });
    const code = await runCli({
      argv: ["op", "theta.video.upload", "--file", clip],
      env: quiet(),
      stdin: new PassThrough(),
      stdout,
      stderr: stderr as unknown as NodeJS.WriteStream,
    });
    expect(code).toBe(0);
    expect(stderr.text()).toMatch(/uploading \d+% — clip\.mp4: 2\.0 MB of 2\.0 MB/);
  });

  it("an upload the presigned host answers 503 is retried with the whole file opened again", async () => {
    const dir = tmp("retry");
    const clip = join(dir, "clip.mp4");
    writeFileSync(clip, Buffer.alloc(256 * 1024, 1));
    h.double.fault({ method: "PUT", path: /^\/gcs\//, status: 503, times: 1 });
    const r = await cli(["op", "theta.video.upload", "--file", clip, "--json"]);
    expect(r.code).toBe(0);
    const puts = h.double.requests.filter((q) => q.method === "PUT");
    expect(puts).toHaveLength(2);
    expect(puts[1]!.body).toEqual({ bytes: 256 * 1024 });
  });

  it.each([
    ["/dev/zero", /not a regular file/],
    ["a directory", /is a directory/],
    ["a FIFO", /not a regular file/],
    ["a missing path", /there is no file at/],
  ])("--file %s is a usage error (exit 2) and nothing is sent", async (what, message) => {
    const dir = tmp("bad");
    const path =
      what === "/dev/zero"
        ? "/dev/zero"
        : what === "a directory"
          ? dir
          : what === "a FIFO"
            ? join(dir, "pipe")
            : join(dir, "nope.png");
    if (what === "a FIFO") execFileSync("mkfifo", [path]);
    for (const argv of [
      ["op", "theta.ondemand.infer", "--service", "esrgan", "--file", `input_img=${path}`, "--yes"],
      ["op", "theta.video.upload", "--file", `file=${path}`],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
    expect(h.double.requests).toEqual([]);
  });

  it("a queued infer with --file uploads the file, then the job uses Theta's filename", async () => {
    const dir = tmp("esrgan");
    writeFileSync(join(dir, "cat.png"), PNG_SIGNATURE);
    const r = await cli(
      [
        "op",
        "theta.ondemand.infer",
        "--service",
        "esrgan",
        "--file",
        `input_img=${join(dir, "cat.png")}`,
        "--yes",
        "--json",
        "--out",
        join(dir, "out"),
      ],
      quiet({ DATA_DIR: join(dir, "data"), JOB_POLL_BASE_MS: "50" }),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).files).toHaveLength(1);
    const put = h.double.requests.find((q) => q.method === "PUT")!;
    const infer = h.double.requests.find(
      (q) => q.method === "POST" && q.path === "/ondemand/infer_request/esrgan",
    )!;
    expect(put.path).toContain((infer.body as { input: { input_img: string } }).input.input_img);
  });
});

describe("CLI: invalid service input never reaches Theta's paid routes", () => {
  it.each([
    [["--service", "llava", "--file"], "question is required"],
    [["--service", "flux", "--input", '{"prompt":"x","width":"wide"}'], "width must be a whole number"],
    [["--service", "flux"], "prompt is required"],
    [["--service", "flux", "--input", '{"promt":"x"}'], "promt is not an input of flux"],
    [["--service", "blip", "--file"], "img is not a file input of blip"],
    [
      ["--service", "nosuch", "--input", '{"prompt":"x"}'],
      "nosuch is not a live on-demand service: one of flux",
    ],
  ])("%j → exit 2 (%s), no POST", async (args, message) => {
    const dir = tmp("in");
    writeFileSync(join(dir, "a.png"), PNG_SIGNATURE);
    const argv = ["op", "theta.ondemand.infer", ...args];
    if (argv.at(-1) === "--file")
      argv.push(`${args[1] === "blip" ? "img" : "input_img"}=${join(dir, "a.png")}`);
    for (const mode of [[], ["--no-wait"]]) {
      const r = await cli([...argv, ...mode, "--yes"], quiet({ DATA_DIR: join(dir, "data") }));
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
    }
    expect(posts()).toEqual([]);
    expect(readdirSync(dir)).not.toContain("data");
  });

  it("--service missing says which services are live", async () => {
    const r = await cli(["op", "theta.ondemand.infer", "--input", '{"prompt":"x"}', "--yes"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--service is required: one of flux, .*esrgan/);
    expect(posts()).toEqual([]);
  });
});

describe("CLI --out", () => {
  it("an --out that is an existing file is refused before paying", async () => {
    const dir = tmp("outfile");
    const file = join(dir, "renders");
    writeFileSync(file, "mine");
    const r = await cli(
      [
        "op",
        "theta.ondemand.infer",
        "--service",
        "flux",
        "--input",
        '{"prompt":"x"}',
        "--yes",
        "--out",
        file,
      ],
      quiet({ DATA_DIR: join(dir, "data") }),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out .*renders is a file; --out takes a folder/);
    expect(posts()).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("mine");
  });
});

describe("CLI errors speak to people", () => {
  it("a missing on-demand token: exit 2, one line naming THETA_ONDEMAND_API_TOKEN, no JSON log, no stack; --json keeps the document", async () => {
    const env = quiet({ THETA_ONDEMAND_API_TOKEN: undefined, DATA_DIR: tmp("tok") });
    const argv = ["op", "theta.ondemand.infer", "--service", "flux", "--input", '{"prompt":"x"}', "--yes"];
    const r = await spawnCli(argv, env);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/^theta-bot: .*THETA_ONDEMAND_API_TOKEN/);
    expect(r.err).not.toMatch(/"level"|at .*\.ts:\d+/);
    const j = await cli([...argv, "--json"], env);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, error: { code: "missing_credentials" } });
    expect(posts()).toEqual([]);
  });

  it("a job that fails on Theta prints one line, no log lines; LOG_LEVEL=debug adds the stack", async () => {
    h.double.setInferOutcome("flux", { state: "error", message: "out of GPUs" });
    const argv = ["op", "theta.ondemand.infer", "--service", "flux", "--input", '{"prompt":"x"}', "--yes"];
    const r = await cli(argv, quiet({ DATA_DIR: tmp("jobfail"), JOB_POLL_BASE_MS: "50" }));
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toEqual([expect.stringMatching(/^theta-bot: .*out of GPUs/)]);
    h.double.fault({ path: "/platform/balance", status: 500 });
    const once = await cli(["op", "theta.billing.balance"], quiet({ THETA_HTTP_MAX_RETRIES: "0" }));
    expect(once.err.trim().split("\n")).toEqual([expect.stringMatching(/^theta-bot: .*500/)]);
    const debug = await cli(
      ["op", "theta.billing.balance"],
      quiet({ THETA_HTTP_MAX_RETRIES: "0", LOG_LEVEL: "debug" }),
    );
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(/\n {4}at .*transport/);
  });

  it("a job whose output cannot be fetched is not ok: exit 1, saying where the output is", async () => {
    h.double.fault({ path: /^\/outputs\//, status: 404 });
    const dir = tmp("nofetch");
    const r = await cli(
      [
        "op",
        "theta.ondemand.infer",
        "--service",
        "flux",
        "--input",
        '{"prompt":"x"}',
        "--yes",
        "--json",
        "--out",
        join(dir, "out"),
      ],
      quiet({ DATA_DIR: join(dir, "data"), JOB_POLL_BASE_MS: "50", THETA_HTTP_MAX_RETRIES: "0" }),
    );
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(false);
    expect(doc.files).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/outputs\/.*run the job again/);
  });
});

describe("CLI per-operation help and typed fields", () => {
  it("op <name> --help prints each field with type, required, default, example, credentials and cost", async () => {
    const r = await cli(["op", "theta.ondemand.infer", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/paid: +yes/);
    expect(r.out).toMatch(/credentials: ondemand \(THETA_ONDEMAND_API_TOKEN\)/);
    expect(r.out).toMatch(/--service +string +yes +.*e\.g\. flux/);
    expect(r.out).toMatch(/--wait +integer +no +0–60/);
    expect(r.out).toMatch(/--input +object +no +\{\}/);
    const free = await cli(["op", "theta.billing.balance", "--help"]);
    expect(free.out).toMatch(/paid: +no/);
    expect(free.out).toMatch(/--orgId +string +no/);
    const svc = await cli(["op", "theta.ondemand.infer", "--service", "flux", "--help"]);
    expect(svc.out).toMatch(/Input of flux/);
    expect(svc.out).toMatch(/width +a whole number +no +512/);
    expect(h.double.requests.filter((q) => q.method !== "GET")).toEqual([]);
  });

  it("values follow the field's type: --orgId 42 is the string id; --wait x is explained in words", async () => {
    const r = await cli(["op", "theta.billing.balance", "--orgId", "42", "--json"]);
    expect(r.err).not.toMatch(/expected string/);
    expect(r.err).toMatch(/--orgId: an org id like "org_…"/);
    const w = await cli([
      "op",
      "theta.ondemand.infer",
      "--service",
      "flux",
      "--wait",
      "soon",
      "--no-wait",
      "--yes",
    ]);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--wait must be a number, got "soon"/);
    const unknown = await cli(["op", "theta.billing.balance", "--org", "org_1"]);
    expect(unknown.err).toMatch(/--org is not an option of theta\.billing\.balance; its options: --orgId/);
  });
});

it("the CLI output folder fallback keeps a paid result when --out goes bad after the check", async () => {
  const { CliDelivery } = await import("../../src/jobs/delivery-cli.js");
  const { Readable } = await import("node:stream");
  const dir = tmp("fallback");
  const out = join(dir, "renders");
  writeFileSync(out, "a file where the folder should be");
  const d = new CliDelivery(out, captureStream() as unknown as NodeJS.WriteStream);
  const media = [
    {
      url: "x",
      filename: "fox.png",
      contentType: "image/png",
      open: async () => Readable.from([PNG_SIGNATURE]),
    },
  ];
  await d.postResult({ platform: "cli", tenantId: "t", userId: "u" }, { jobId: "job1" } as never, media);
  const [path] = d.written.get("job1")!;
  expect(path).toBe(join(dir, "renders-job1", "job1-1-fox.png"));
  expect(readFileSync(path!)).toEqual(PNG_SIGNATURE);
  expect(d.notes[0]).toMatch(/could not write into .*renders .*saved .*renders-job1/);
  mkdirSync(join(dir, "unused"));
});

it("a delivered job with no output file and no text is reported as failed, not ok with no files", async () => {
  const { printJob } = await import("../../src/adapters/cli/print-job.js");
  const stdout = captureStream();
  const stderr = captureStream();
  const entry = {
    id: "cli-1",
    state: "delivered",
    outcome: "success",
    upstreamId: "infr_rqst_x",
    outputUrls: [],
  };
  const code = printJob(
    { argv: [], stdin: new PassThrough(), stdout, stderr: stderr as unknown as NodeJS.WriteStream },
    true,
    { entry: entry as never, files: [], notes: [] },
  );
  expect(code).toBe(1);
  expect(JSON.parse(stdout.text())).toMatchObject({ ok: false, error: { code: "output_missing" } });
  expect(stderr.text()).toMatch(/finished infr_rqst_x without any output/);
});
