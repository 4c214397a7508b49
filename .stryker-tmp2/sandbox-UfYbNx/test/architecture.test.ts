// @ts-nocheck
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

/** Every relative import in src, as [importing file, imported path below src]. */
function imports(): Array<[string, string]> {
  return files(SRC).flatMap((f) =>
    [...readFileSync(f, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)].map(
      (m) => [relative(SRC, f), relative(SRC, join(f, "..", m[1]!))] as [string, string],
    ),
  );
}

describe("imports point down (docs/architecture.md)", () => {
  it("reads the source's imports (so the checks below are not vacuous)", () => {
    const all = imports();
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContainEqual(["core/chat/actions.ts", "core/job-record.js"]);
  });

  it("nothing in core/ imports from jobs/, adapters/ or app/", () => {
    const up = imports().filter(
      ([from, to]) => from.startsWith("core/") && /^(jobs|adapters|app)\//.test(to),
    );
    expect(up).toEqual([]);
  });

  it("nothing in jobs/ imports from adapters/ or app/", () => {
    const up = imports().filter(([from, to]) => from.startsWith("jobs/") && /^(adapters|app)\//.test(to));
    expect(up).toEqual([]);
  });
});
