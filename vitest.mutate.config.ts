import { defineConfig } from "vitest/config";

/**
 * The tests `npm run mutate` runs against each mutant: the unit and in-process integration tests
 * of the safety core. Tests that spawn real processes are left out (a mutant lives only in the
 * test process) and so are the slow end-to-end chat flows.
 */
export default defineConfig({
  test: {
    include: [
      "test/policy/**/*.test.ts",
      "test/jobs/pipeline.test.ts",
      "test/jobs/other-kinds.test.ts",
      "test/**/*-mutation.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default"],
    env: { LOG_LEVEL: "silent" },
  },
});
