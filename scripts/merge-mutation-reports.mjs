#!/usr/bin/env node
// Merges Stryker JSON reports (or incremental files) of separate runs into one, later files
// winning per source file and per test file. Use it to fold a partial run
// (`npx stryker run --mutate <file> --incrementalFile reports/mutation/part.json`) into the
// committed incremental file, so the next `npm run mutate` reuses both.
// Usage: node scripts/merge-mutation-reports.mjs <out.json> <in1.json> [in2.json …]
import { readFileSync, writeFileSync } from "node:fs";

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error("usage: node scripts/merge-mutation-reports.mjs <out.json> <in1.json> [in2.json …]");
  process.exit(2);
}
let merged;
for (const path of inputs) {
  const r = JSON.parse(readFileSync(path, "utf8"));
  if (!merged) merged = { ...r, files: {}, testFiles: {} };
  Object.assign(merged.files, r.files);
  Object.assign(merged.testFiles, r.testFiles ?? {});
}
writeFileSync(out, JSON.stringify(merged));
const mutants = Object.values(merged.files).reduce((n, f) => n + f.mutants.length, 0);
console.log(`${out}: ${Object.keys(merged.files).length} files, ${mutants} mutants`);
