import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/adapters/discord/commands/index.js";

interface Opt {
  name: string;
  description?: string;
  options?: Opt[];
  choices?: Array<{ name: string; value: string | number }>;
}

/** Discord's documented limits: ≤25 options/subcommands per level, names ≤32, descriptions ≤100, ≤4000 characters per command. */
function check(o: Opt, path: string, problems: string[]): number {
  let chars = o.name.length + (o.description?.length ?? 0);
  if (o.name.length > 32) problems.push(`${path}: name over 32`);
  if ((o.description?.length ?? 0) > 100) problems.push(`${path}: description over 100`);
  if ((o.options?.length ?? 0) > 25) problems.push(`${path}: more than 25 options`);
  if ((o.choices?.length ?? 0) > 25) problems.push(`${path}: more than 25 choices`);
  for (const c of o.choices ?? []) chars += c.name.length + String(c.value).length;
  for (const x of o.options ?? []) chars += check(x, `${path} ${x.name}`, problems);
  return chars;
}

describe("Discord command definitions", () => {
  it("every command (with /gpu on its own) fits Discord's limits", () => {
    const problems: string[] = [];
    const sizes = Object.fromEntries(
      COMMANDS.map((c) => [c.data.name, check(c.data as Opt, `/${c.data.name}`, problems)]),
    );
    expect(problems).toEqual([]);
    for (const [name, size] of Object.entries(sizes)) expect(size, name).toBeLessThanOrEqual(4000);
    expect(COMMANDS.map((c) => c.data.name)).toContain("gpu");
  });
});
