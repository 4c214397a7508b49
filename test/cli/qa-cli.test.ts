import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/core/qa/knowledge-base.js";
import { NOT_FOUND } from "../../src/core/qa/service.js";
import { openStateStore } from "../../src/core/store/index.js";
import { createThetaDouble, type ThetaDouble } from "../doubles/theta/index.js";
import { doubleEnv } from "../helpers/theta-runtime.js";

let theta: ThetaDouble;
beforeAll(async () => {
  theta = await createThetaDouble({ warmup: [] });
});
afterAll(() => theta?.close());

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "src/adapters/cli/main.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(join(tmpdir(), "tb-kbcli-")), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      err += d;
    });
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

const NOBODY = { platform: "discord" as const, id: "-" };

describe("theta-bot kb search / ask (real processes)", () => {
  it("kb search --json prints found and the passages the service would use, in the stable shape", async () => {
    const question = "where do i make an api key for my theta project";
    const r = await cli(["kb", "search", question, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { found: boolean; passages: Array<Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(["found", "passages"]);
    expect(doc.found).toBe(true);
    for (const p of doc.passages) expect(Object.keys(p)).toEqual(["doc", "section", "score"]);
    expect(doc.passages.map((p) => p.section)).toContain("Where the project API key is made");
    // Exactly the service's decision: same index, same gate.
    const store = await openStateStore({ dataDir: mkdtempSync(join(tmpdir(), "tb-kbcmp-")) });
    try {
      const d = await (await KnowledgeBase.load(store)).decide(NOBODY, question);
      expect(doc.passages.map((p) => [p.doc, p.section])).toEqual(
        d.passages.map((h) => [h.chunk.docTitle, h.chunk.section]),
      );
    } finally {
      await store.close();
    }
  });

  it("kb search says not found for off-topic and for on-topic questions the docs do not answer", async () => {
    for (const q of ["whats a good name for a cat", "when is theta adding b200 gpus to the roadmap"]) {
      const r = await cli(["kb", "search", q, "--json"]);
      expect(JSON.parse(r.out)).toEqual({ found: false, passages: [] });
    }
  });

  it("kb search reads --kb-dir and --tenant documents; another tenant does not see them", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tb-kbten-"));
    const store = await openStateStore({ dataDir });
    try {
      const kb = await KnowledgeBase.load(store);
      await kb.add(
        { platform: "discord", id: "123456789012345678" },
        {
          filename: "zorblax.md",
          bytes: Buffer.from(
            "# Zorblax gateway\n\n## Rotation\nThe Zorblax gateway password rotates every Tuesday.\n",
          ),
          addedBy: "1",
        },
      );
    } finally {
      await store.close();
    }
    const q = "when does the zorblax gateway password rotate";
    const mine = await cli(["kb", "search", q, "--tenant", "discord:123456789012345678", "--json"], {
      DATA_DIR: dataDir,
    });
    expect(JSON.parse(mine.out).passages[0]).toMatchObject({ doc: "Zorblax gateway", section: "Rotation" });
    const other = await cli(["kb", "search", q, "--tenant", "999999999999999999", "--json"], {
      DATA_DIR: dataDir,
    });
    expect(JSON.parse(other.out).found).toBe(false);

    const op = await cli([
      "kb",
      "search",
      "who approves gpu quota above 200 a month",
      "--kb-dir",
      "test/fixtures/kb-operator",
    ]);
    expect(op.out).toContain("Acme GPU runbook › Requesting a GPU quota increase");
    const bad = await cli(["kb", "search", "x", "--tenant", "not an id"]);
    expect(bad.code).toBe(2);
  });

  it("ask answers through the configured Theta with a Theta EdgeCloud citation, and refuses off-topic without a model call", async () => {
    const env = doubleEnv(theta, { THETA_INFERENCE_ENDPOINT: undefined, LOG_LEVEL: "warn" });
    const before = theta.requests.filter((r) => r.path.endsWith("/chat/completions")).length;
    const r = await cli(["ask", "how long does a new dedicated endpoint take to warm up?", "--json"], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.found).toBe(true);
    expect(doc.citations[0]).toMatchObject({
      title: "Theta EdgeCloud dedicated deployments and endpoints",
      section: "Warm-up after creating an endpoint",
      url: "https://docs.thetatoken.org/docs/use-edgecloud-api-keys-to-manage-deployments",
    });
    expect(theta.requests.filter((q) => q.path.endsWith("/chat/completions")).length).toBe(before + 1);

    const off = await cli(["ask", "what is the capital of mongolia"], env);
    expect(off.code).toBe(0);
    expect(off.out.trim()).toBe(NOT_FOUND);
    // A question the docs only brush against: not found, with the closest sections to read.
    const near = "can the dry run preview be exported to a spreadsheet for our finance team";
    const brush = await cli(["ask", near], env);
    expect(brush.out).toContain(`${NOT_FOUND}\nClosest topics in the docs:\n`);
    expect(brush.out).toContain("  Spending, confirmations and budgets › Dry run\n");
    const brushDoc = JSON.parse((await cli(["ask", near, "--json"], env)).out);
    expect(brushDoc).toMatchObject({ found: false, citations: [] });
    expect(brushDoc.related).toContainEqual(
      expect.objectContaining({ title: "Spending, confirmations and budgets", section: "Dry run" }),
    );
    expect(theta.requests.filter((q) => q.path.endsWith("/chat/completions")).length).toBe(before + 1);
  });
});
