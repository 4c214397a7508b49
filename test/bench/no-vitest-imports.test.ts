import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** Local modules a file imports (static and dynamic), resolved from `.js` specifiers to their `.ts` sources. */
function localImports(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const p = resolve(dirname(file), m[1]!);
    const ts = p.replace(/\.js$/, ".ts");
    if (existsSync(ts)) out.push(ts);
    else if (existsSync(p)) out.push(p);
  }
  return out;
}

/** The chain of local modules from `entry` to one that imports vitest, or undefined. */
function vitestChain(entry: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (f: string, chain: string[]): string[] | undefined => {
    if (seen.has(f)) return undefined;
    seen.add(f);
    if (/from\s+["']vitest["']/.test(readFileSync(f, "utf8"))) return [...chain, f];
    for (const next of localImports(f)) {
      const found = walk(next, [...chain, f]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(entry, []);
}

describe("bench scripts run outside vitest", () => {
  const bench = resolve("bench");
  const scripts = readdirSync(bench).filter((f) => f.endsWith(".ts"));
  it.each(scripts)("bench/%s imports nothing that needs the vitest runner", (f) => {
    // vitest's inject() throws outside a test run: `npm run bench:shards` crashed on start that way.
    const chain = vitestChain(join(bench, f))?.map((p) => p.slice(process.cwd().length + 1));
    expect(chain).toBeUndefined();
  });
});
