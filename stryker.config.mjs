// StrykerJS mutation testing of the safety core (money, delivery, tenants). `npm run mutate`.
// 9.6.x: StrykerJS 10 needs Node >= 22. See README "Mutation testing".
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/core/chat/actions.ts",
    "src/core/chat/settle.ts",
    "src/core/policy/budgets.ts",
    "src/core/policy/job-slots.ts",
    "src/core/policy/policy.ts",
    "src/core/policy/permissions.ts",
    "src/core/policy/tenant-credentials.ts",
    "src/core/credentials/provider.ts",
    "src/jobs/ledger.ts",
    "src/jobs/ledger-index.ts",
    "src/jobs/lease.ts",
    "src/jobs/processors/ondemand.ts",
    "src/jobs/processors/video.ts",
    "src/jobs/processors/finish.ts",
    "src/jobs/processors/submit-outcome.ts",
    "src/core/theta/acceptance.ts",
    "src/core/theta/send-tracker.ts",
    // Inbound de-duplication: the set-if-absent claim both adapters use, and the Discord dispatcher.
    "src/core/chat/inbound.ts",
    "src/adapters/discord/dispatch.ts",
    "src/core/redact.ts",
  ],
  // Each mutant runs only the tests that reached it; static mutants (module-level constants)
  // would need the whole suite per mutant, so they are skipped and reported as ignored.
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  // Re-runs reuse the results of unchanged code and tests (file committed, so a fresh clone is quick too).
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
