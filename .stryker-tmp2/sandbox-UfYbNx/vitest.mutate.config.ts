// @ts-nocheck
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The tests `npm run mutate` runs against each mutant: the unit and in-process integration tests
 * of the safety core. Tests that spawn real processes are left out (a mutant lives only in the
 * test process) and so are the slow end-to-end chat flows (the inbound de-duplication tests in
 * test/money/ drive both adapters through their doubles). Files run fastest first, so with
 * Stryker's bail the first failing focused test ends a mutant's run early.
 */
const INCLUDE = [
  "test/**/*-mutation.test.ts",
  "test/policy/**/*.test.ts",
  "test/money/**/*.test.ts",
  "test/jobs/ledger-index.test.ts",
  "test/jobs/pipeline.test.ts",
  "test/jobs/other-kinds.test.ts",
];

const rank = (s: TestSpecification) => {
  const id = s.moduleId;
  if (id.endsWith("-mutation.test.ts")) return 0;
  if (id.includes("/test/policy/")) return 1;
  if (id.includes("/test/money/")) return 2;
  return 3;
};

class FocusedFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: INCLUDE,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default"],
    env: { LOG_LEVEL: "silent" },
    sequence: { sequencer: FocusedFirst },
    // One module graph for all files: each mutant run re-imports nothing (half the time here).
    // Mutants are switched at run time (schemata), so shared modules see the active one.
    isolate: false,
  },
});
