import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../src/config.js";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("documents every variable src/config.ts reads", () => {
    const missing = CONFIG_VARIABLES.filter((v) => !readme.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });

  it("links only to files that are in the repository", () => {
    for (const [, target] of readme.matchAll(/\]\(((?!https?:)[^)#]+)\)/g))
      expect(existsSync(target!), target).toBe(true);
    expect(readme).not.toContain("../shared/");
  });

  it("shows the range of every clamped number it promises to clamp", () => {
    const config = readFileSync("src/config-schema.ts", "utf8");
    for (const [, name, dflt] of config.matchAll(/^ {2}([A-Z_]+): clampedInt\(([\d_]+), /gm)) {
      const row = readme.split("\n").find((l) => l.startsWith("|") && l.includes(`\`${name}\``));
      expect(row, name).toBeDefined();
      expect(row, name).toMatch(new RegExp(`${Number(dflt!.replace(/_/g, ""))}[^|]*\\(\\d+–\\d+`));
    }
  });
});

describe("the built-in knowledge pages", () => {
  it("name only settings the bot reads, so the support bot never tells anyone to set a variable that does nothing", () => {
    const named = readdirSync("docs/kb").flatMap((f) =>
      [...readFileSync(`docs/kb/${f}`, "utf8").matchAll(/\b[A-Z]+(?:_[A-Z]+)+\b/g)].map(
        (m) => `${f}: ${m[0]}`,
      ),
    );
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((n) => !CONFIG_VARIABLES.includes(n.split(": ")[1]!))).toEqual([]);
  });
});
