#!/usr/bin/env node
// Prints the mutation score of the last `npm run mutate` (Stryker's JSON report), overall and per
// file, then every mutant that survived or had no test reaching it (file:line, mutator, replacement).
// Usage: node scripts/mutation-score.mjs [reports/mutation/mutation.json]
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "reports/mutation/mutation.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (err) {
  console.error(`cannot read ${file}: ${err.message}. Run \`npm run mutate\` first.`);
  process.exit(2);
}

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);
const score = (c) =>
  c.detected + c.undetected === 0 ? 100 : (100 * c.detected) / (c.detected + c.undetected);
const fmt = (n) => n.toFixed(2);

const total = { detected: 0, undetected: 0, ignored: 0 };
const rows = [];
const left = [];
for (const [path, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const c = { detected: 0, undetected: 0, ignored: 0 };
  for (const m of f.mutants) {
    if (DETECTED.has(m.status)) c.detected++;
    else if (UNDETECTED.has(m.status)) {
      c.undetected++;
      const oneLine = (m.replacement ?? "").replace(/\s+/g, " ").slice(0, 100);
      left.push(
        `${path}:${m.location.start.line}:${m.location.start.column}  ${m.status}  ${m.mutatorName}  -> ${oneLine}`,
      );
    } else if (m.status === "Ignored") c.ignored++;
  }
  for (const k of Object.keys(total)) total[k] += c[k];
  rows.push(
    `  ${path}: ${fmt(score(c))} (${c.detected} killed, ${c.undetected} survived, ${c.ignored} ignored)`,
  );
}

console.log(`mutation_score: ${fmt(score(total))}`);
console.log(`mutants: ${total.detected} killed, ${total.undetected} survived, ${total.ignored} ignored`);
console.log("per file:");
for (const r of rows) console.log(r);
console.log(left.length ? `surviving mutants (${left.length}):` : "surviving mutants: none");
for (const l of left) console.log(`  ${l}`);
